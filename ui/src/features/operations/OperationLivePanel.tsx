import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { isFinal, useOperation, useOperationEvents } from '../../api';
import { EventLog } from './EventLog';
import { OperationStatusChip } from './OperationStatusChip';
import { useOperationsDrawer } from './OperationsDrawerContext';
import { PodReadiness } from './PodReadiness';
import { podRows } from './podRows';

/** A running (or just finished) operation inside a card: status, progress, the pods and the newest log lines. */
export function OperationLivePanel({ operationId }: { operationId: string }) {
  const { data: operation } = useOperation(operationId);
  const log = useOperationEvents(operationId);
  const drawer = useOperationsDrawer();
  // The events array grows in place; lastSeq tells when it did.
  const rows = useMemo(() => podRows(log.events), [log.events, log.lastSeq]);
  const status = operation?.status ?? log.events.at(-1)?.status ?? 'pending';
  const percent = operation?.stepsTotal ? (100 * operation.stepsDone) / operation.stepsTotal : undefined;

  return (
    <Stack spacing={1} aria-label="Operation progress" role="region">
      <Stack direction="row" spacing={1} alignItems="center">
        <OperationStatusChip status={status} />
        <Typography variant="body2" sx={{ flex: 1 }} noWrap>
          {operation?.title ?? 'Starting…'}
        </Typography>
        <Button size="small" onClick={() => drawer.show(operationId)}>
          Full log
        </Button>
      </Stack>
      {!isFinal(status) ? <LinearProgress variant={percent === undefined ? 'indeterminate' : 'determinate'} value={percent} /> : null}
      {operation?.error ? <Alert severity="error">{operation.error}</Alert> : null}
      <PodReadiness rows={rows} />
      <Box sx={{ display: 'flex', maxHeight: 180 }}>
        <EventLog events={log.events} lastSeq={log.lastSeq} />
      </Box>
    </Stack>
  );
}
