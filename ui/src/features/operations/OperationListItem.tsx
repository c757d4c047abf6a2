import ListItemButton from '@mui/material/ListItemButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Operation } from '../../api';
import { formatRelative } from '../../lib/format';
import { OperationProgress } from './OperationProgress';
import { OperationStatusChip } from './OperationStatusChip';

interface Props {
  operation: Operation;
  onSelect: (id: string) => void;
}

export function OperationListItem({ operation, onSelect }: Props) {
  const stepsText = operation.stepsTotal ? ` · ${operation.stepsDone}/${operation.stepsTotal}` : '';
  return (
    <ListItemButton onClick={() => onSelect(operation.id)} divider sx={{ display: 'block', py: 1 }}>
      <Stack direction="row" spacing={1} alignItems="center" justifyContent="space-between">
        <Typography variant="body2" fontWeight={500} noWrap>
          {operation.title || operation.kind}
        </Typography>
        <OperationStatusChip status={operation.status} />
      </Stack>
      <Typography variant="caption" color="text.secondary" component="div" noWrap>
        {operation.kind} · {operation.target} · {formatRelative(operation.createdAt)}
        {stepsText}
      </Typography>
      {operation.stepsTotal !== null || operation.status === 'running' ? (
        <Stack sx={{ mt: 0.5 }}>
          <OperationProgress operation={operation} />
        </Stack>
      ) : null}
    </ListItemButton>
  );
}
