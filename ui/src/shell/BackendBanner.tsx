import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useHealth } from '../api';

/** When the backend does not answer, say so above every page, with the sentence saying what to do. */
export function BackendBanner() {
  const { error, refetch, isFetching } = useHealth();
  if (!error) return null;
  return (
    <Alert
      severity="error"
      sx={{ mx: 3, mt: 2 }}
      action={
        <Button size="small" color="inherit" disabled={isFetching} onClick={() => void refetch()}>
          Retry
        </Button>
      }
    >
      {error.message}
    </Alert>
  );
}
