import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { isInsideDockerDesktop, useHealth, useLiveStatus } from '../../api';
import { formatDuration } from '../../components/format';

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack spacing={0.25} sx={{ minWidth: 120 }}>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="body2">{value}</Typography>
    </Stack>
  );
}

export function BackendCard() {
  const health = useHealth();
  const live = useLiveStatus();
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h4">Backend</Typography>
          {health.isPending ? <Skeleton variant="rounded" height={40} /> : null}
          {health.error ? <Alert severity="error">{health.error.message}</Alert> : null}
          {health.data ? (
            <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
              <Fact label="Status" value={health.data.status === 'ok' ? 'Healthy' : health.data.status} />
              <Fact label="Version" value={health.data.version} />
              <Fact label="Up for" value={formatDuration(health.data.uptimeSeconds)} />
              <Fact label="Mode" value={isInsideDockerDesktop() ? 'Docker Desktop extension' : 'Standalone'} />
            </Stack>
          ) : null}
          <Alert severity={live.mode === 'polling' ? 'warning' : 'info'} variant="outlined">
            {live.detail}
          </Alert>
        </Stack>
      </CardContent>
    </Card>
  );
}
