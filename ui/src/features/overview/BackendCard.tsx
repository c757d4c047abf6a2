import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { isInsideDockerDesktop, useHealth, useLiveStatus } from '../../api';
import { formatDuration } from '../../lib/format';
import { Fact } from './Fact';

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
              <Fact label="Status">{health.data.status === 'ok' ? 'Healthy' : health.data.status}</Fact>
              <Fact label="Version">{health.data.version}</Fact>
              <Fact label="Up for">{formatDuration(health.data.uptimeSeconds)}</Fact>
              <Fact label="Mode">{isInsideDockerDesktop() ? 'Docker Desktop extension' : 'Standalone'}</Fact>
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
