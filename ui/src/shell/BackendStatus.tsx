import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { useHealth } from '../api';

/** Whether the backend answers, and its version. */
export function BackendStatus() {
  const { data, error, isPending } = useHealth();
  if (isPending) return <Chip size="small" label="Connecting to backend…" variant="outlined" />;
  if (error) {
    return (
      <Tooltip title={error.message}>
        <Chip size="small" color="error" label="Backend unreachable" />
      </Tooltip>
    );
  }
  return <Chip size="small" color="success" variant="outlined" label={`Backend v${data.version}`} />;
}
