import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { usePerfRun } from '../../api';
import { formatClock } from '../../lib/format';
import { LiveRun } from './LiveRun';
import { RunDownloads } from './RunDownloads';
import { RunResult } from './RunResult';

/** One run: live while it goes, its result once stored. */
export function RunPanel({ runId, onClose }: { runId: string; onClose: () => void }) {
  const run = usePerfRun(runId);
  const data = run.data;
  return (
    <Card variant="outlined" aria-label="Run">
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" alignItems="center" spacing={1}>
            <Typography variant="h3" sx={{ flex: 1 }}>
              {data ? data.name || data.targetHost : 'Run'}
              {data ? (
                <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
                  {data.spec.model === 'open' ? `open model, ${data.spec.rps ?? '?'} requests/s` : 'closed model, maximum throughput'} ·{' '}
                  {data.targetHost} · {formatClock(data.createdAt)} · {data.status}
                </Typography>
              ) : null}
            </Typography>
            <IconButton aria-label="Close run" onClick={onClose}>
              <CloseIcon />
            </IconButton>
          </Stack>
          {run.isPending ? <CircularProgress size={24} /> : null}
          {run.error ? <Alert severity="error">{run.error.message}</Alert> : null}
          {data?.status === 'running' ? <LiveRun runId={runId} /> : null}
          {data && data.status !== 'running' ? (
            <>
              {data.source === 'measured' || data.summary ? <RunDownloads run={data} /> : null}
              <RunResult run={data} />
            </>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
