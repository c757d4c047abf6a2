import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useDockerEngine } from '../../api';
import { Fact } from './Fact';

/**
 * The Docker engine behind the extension, and a hint about Docker Desktop's Kubernetes that helps tell "Kubernetes is
 * off" from "Kubernetes is unreachable".
 */
export function DockerCard() {
  const engine = useDockerEngine();
  const data = engine.data;
  return (
    <Card variant="outlined" component="section" aria-labelledby="docker-title" sx={{ flex: 1, minWidth: 240 }}>
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h4" id="docker-title">
            Docker engine
          </Typography>
          {engine.isPending ? <Skeleton variant="rounded" height={60} /> : null}
          {engine.error ? <Alert severity="error">{engine.error.message}</Alert> : null}
          {data && !data.available ? <Alert severity="info">{data.reason}</Alert> : null}
          {data?.available ? (
            <>
              <Stack direction="row" spacing={3} flexWrap="wrap" useFlexGap>
                <Fact label="Version">{data.version}</Fact>
                <Fact label="OS">{data.operatingSystem}</Fact>
                <Fact label="Architecture">{data.architecture}</Fact>
              </Stack>
              {data.kubernetes ? (
                <Alert severity={data.kubernetes.seemsRunning ? 'success' : 'info'} variant="outlined">
                  {data.kubernetes.hint}
                </Alert>
              ) : null}
            </>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
