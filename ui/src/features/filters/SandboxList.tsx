import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useSandboxes, useStopSandbox } from '../../api';
import { useOperationsDrawer } from '../operations/OperationsDrawerContext';

/** Running sandboxes: where they listen, what they run, what they counted; the log is the operation's events. */
export function SandboxList() {
  const sandboxes = useSandboxes();
  const stop = useStopSandbox();
  const drawer = useOperationsDrawer();
  if (!sandboxes.data?.length) {
    return <Typography color="text.secondary">No sandbox is running.</Typography>;
  }

  return (
    <Stack spacing={1} aria-label="Running sandboxes">
      {sandboxes.data.map((sandbox) => (
        <Stack key={sandbox.id} direction="row" spacing={1} alignItems="center">
          <Typography variant="body2" sx={{ flex: 1 }}>
            <code>{sandbox.url}</code> — {sandbox.filterName ?? 'no filter'}
            {sandbox.rootId && sandbox.rootId !== sandbox.filterName ? ` (root id ${sandbox.rootId})` : ''} → {sandbox.upstream}:{' '}
            {`${sandbox.counters.requests} requests, ${sandbox.counters.localResponses} answered by the filter, ${sandbox.counters.filterFailures} filter failures`}
          </Typography>
          <Button size="small" onClick={() => drawer.show(sandbox.operationId)}>
            Log
          </Button>
          <Button size="small" color="error" disabled={stop.isPending} onClick={() => stop.mutate(sandbox.id)}>
            Stop
          </Button>
        </Stack>
      ))}
    </Stack>
  );
}
