import StopIcon from '@mui/icons-material/Stop';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCancelOperation, usePerfRunLive } from '../../api';
import { LiveRunChart } from './LiveRunChart';
import { formatCount, formatMs, formatRps } from './perfFormat';

/** A run while it goes: the per-second chart from its progress events, a progress bar, and cancel. */
export function LiveRun({ runId }: { runId: string }) {
  const live = usePerfRunLive(runId);
  const cancel = useCancelOperation();
  const latest = live.seconds.at(-1);
  const percent = latest && latest.total > 0 ? Math.min(100, (100 * latest.done) / latest.total) : 0;

  return (
    <Stack spacing={2} aria-label="Live run">
      <Stack direction="row" spacing={2} alignItems="center">
        <Box sx={{ flex: 1 }}>
          <LinearProgress variant={latest ? 'determinate' : 'indeterminate'} value={percent} aria-label="Run progress" />
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ minWidth: 120, textAlign: 'right' }}>
          {latest ? `${formatCount(latest.done)} / ${formatCount(latest.total)}` : 'Starting…'}
        </Typography>
        <Button
          size="small"
          color="error"
          variant="outlined"
          startIcon={<StopIcon />}
          disabled={cancel.isPending || live.finalMessage !== null}
          onClick={() => cancel.mutate(runId)}
        >
          Cancel run
        </Button>
      </Stack>
      {latest ? (
        <Typography variant="body2" aria-live="polite">
          Second {latest.second}: {formatRps(latest.rps)} requests/s, p50 {formatMs(latest.p50Ms)}, p99 {formatMs(latest.p99Ms)},{' '}
          {formatCount(latest.errors)} errors, {formatCount(latest.totalRequests)} requests so far.
        </Typography>
      ) : null}
      {cancel.error ? <Alert severity="error">{cancel.error.message}</Alert> : null}
      {live.finalMessage !== null && live.status !== 'succeeded' ? (
        <Alert severity={live.status === 'cancelled' ? 'info' : 'error'}>{live.finalMessage}</Alert>
      ) : null}
      <LiveRunChart seconds={live.seconds} />
    </Stack>
  );
}
