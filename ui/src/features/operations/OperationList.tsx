import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import List from '@mui/material/List';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useOperations } from '../../api';
import { OperationListItem } from './OperationListItem';

export function OperationList({ onSelect }: { onSelect: (id: string) => void }) {
  const { data, error, isPending } = useOperations();
  if (isPending) {
    return (
      <Stack alignItems="center" sx={{ p: 3 }}>
        <CircularProgress size={24} />
      </Stack>
    );
  }
  if (error) return <Alert severity="error" sx={{ m: 2 }}>{error.message}</Alert>;
  if (data.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
        No operations yet. Long-running work (mesh installs, app deploys, performance runs, the self-test) appears
        here with its live progress.
      </Typography>
    );
  }
  return (
    <List disablePadding aria-label="Operations">
      {data.map((operation) => (
        <OperationListItem key={operation.id} operation={operation} onSelect={onSelect} />
      ))}
    </List>
  );
}
