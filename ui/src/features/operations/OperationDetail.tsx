import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { isFinal, useCancelOperation, useOperation, useOperationEvents } from '../../api';
import { formatClock } from '../../lib/format';
import { EventLog } from './EventLog';
import { OperationProgress } from './OperationProgress';
import { OperationStatusChip } from './OperationStatusChip';

interface Props {
  operationId: string;
  onBack: () => void;
}

export function OperationDetail({ operationId, onBack }: Props) {
  const { data: operation, error } = useOperation(operationId);
  const log = useOperationEvents(operationId);
  const cancel = useCancelOperation();

  const back = (
    <IconButton size="small" onClick={onBack} aria-label="Back to all operations">
      <ArrowBackIcon fontSize="small" />
    </IconButton>
  );
  if (!operation) {
    return (
      <Stack spacing={2} sx={{ p: 2 }}>
        {back}
        {error ? <Alert severity="error">{error.message}</Alert> : <CircularProgress size={24} />}
      </Stack>
    );
  }

  const running = !isFinal(operation.status);
  const stepsText = operation.stepsTotal ? `${operation.stepsDone} of ${operation.stepsTotal} steps` : '';
  return (
    <Stack component="section" aria-label="Selected operation" spacing={1.5} sx={{ p: 2, flex: 1, minHeight: 0 }}>
      <Stack direction="row" spacing={1} alignItems="center">
        {back}
        <Typography variant="h4" noWrap sx={{ flex: 1 }}>
          {operation.title || operation.kind}
        </Typography>
        <OperationStatusChip status={operation.status} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {operation.kind} on {operation.target} · started {formatClock(operation.startedAt ?? operation.createdAt)}
        {operation.finishedAt ? ` · finished ${formatClock(operation.finishedAt)}` : ''}
        {stepsText ? ` · ${stepsText}` : ''}
      </Typography>
      <OperationProgress operation={operation} />
      {operation.error ? <Alert severity={operation.status === 'failed' ? 'error' : 'warning'}>{operation.error}</Alert> : null}
      {cancel.error ? <Alert severity="error">{cancel.error.message}</Alert> : null}
      {running ? (
        <Stack direction="row">
          <Button
            size="small"
            color="error"
            variant="outlined"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(operation.id)}
          >
            {cancel.isPending ? 'Cancelling…' : 'Cancel'}
          </Button>
        </Stack>
      ) : null}
      <EventLog events={log.events} lastSeq={log.lastSeq} />
    </Stack>
  );
}
