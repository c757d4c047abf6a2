import Chip from '@mui/material/Chip';
import type { OperationStatus } from '../../api';
import { statusColor } from '../../theme/statusColors';

export function OperationStatusChip({ status }: { status: OperationStatus }) {
  return (
    <Chip
      label={status}
      role="status"
      aria-label={`Status: ${status}`}
      color={statusColor[status]}
      size="small"
      variant={status === 'running' ? 'filled' : 'outlined'}
    />
  );
}
