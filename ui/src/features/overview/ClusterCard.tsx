import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useCluster, useContexts, type ClusterOverview, type ConnectionAttempt } from '../../api';
import { ContextPicker } from './ContextPicker';
import { ExecConfirmation } from './ExecConfirmation';
import { Fact } from './Fact';
import { KubeconfigDialog } from './KubeconfigDialog';
import { NodeTable } from './NodeTable';

function Attempts({ attempts }: { attempts: ConnectionAttempt[] }) {
  if (attempts.length === 0) return null;
  return (
    <Stack spacing={0.5} aria-label="Addresses tried">
      {attempts.map((attempt) => (
        <Typography key={attempt.address} variant="caption" color="text.secondary">
          {attempt.ok ? '✓' : '✗'} {attempt.address} — {attempt.why}
          {attempt.error ? `: ${attempt.error}` : ''}
        </Typography>
      ))}
    </Stack>
  );
}

function Connected({ cluster }: { cluster: ClusterOverview }) {
  const rewritten = cluster.serverAddressUsed !== cluster.server;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
        <Fact label="Kubernetes">{cluster.version?.gitVersion ?? '—'}</Fact>
        <Fact label="Address used">
          {cluster.serverAddressUsed}
          {cluster.tlsServerName ? ` (TLS as ${cluster.tlsServerName})` : ''}
        </Fact>
        {rewritten ? <Fact label="Kubeconfig says">{cluster.server}</Fact> : null}
        <Fact label="Metrics API">
          <Chip
            size="small"
            variant="outlined"
            color={cluster.metricsApi ? 'success' : 'default'}
            label={cluster.metricsApi ? 'Served' : 'Not installed'}
          />
        </Fact>
      </Stack>
      <NodeTable nodes={cluster.nodes} />
      <Stack spacing={1}>
        <Typography variant="h6" component="h4">
          Installed meshes
        </Typography>
        {cluster.installedMeshes.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No service mesh found on this cluster. Install one from the Meshes page.
          </Typography>
        ) : (
          <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
            {cluster.installedMeshes.map((mesh) => (
              <Chip
                key={mesh.id}
                size="small"
                color={mesh.status === 'installed' ? 'success' : 'warning'}
                label={`${mesh.name}${mesh.version ? ` ${mesh.version}` : ''}${mesh.status === 'installed' ? '' : ` — ${mesh.status}`}`}
                title={mesh.reason ?? undefined}
              />
            ))}
          </Stack>
        )}
      </Stack>
      {cluster.warnings.map((warning) => (
        <Alert key={warning} severity="warning">
          {warning}
        </Alert>
      ))}
    </Stack>
  );
}

/** The cluster Meshdock manages: which context, how it is reached, how big it is — or why it cannot be reached. */
export function ClusterCard() {
  const cluster = useCluster();
  const contexts = useContexts();
  const [dialogOpen, setDialogOpen] = useState(false);
  const data = cluster.data;
  return (
    <Card variant="outlined" component="section" aria-labelledby="cluster-title" sx={{ flex: 2, minWidth: 0 }}>
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} alignItems="flex-start" flexWrap="wrap" useFlexGap>
            <Stack sx={{ flex: 1, minWidth: 160 }}>
              <Typography variant="h4" id="cluster-title">
                Cluster
              </Typography>
              {data ? (
                <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 0.5 }}>
                  <Chip
                    size="small"
                    color={data.connected ? 'success' : data.pendingExec ? 'warning' : 'error'}
                    label={data.connected ? 'Connected' : data.pendingExec ? 'Needs your confirmation' : 'Not reachable'}
                  />
                  {data.source ? (
                    <Typography variant="caption" color="text.secondary">
                      from {data.source === 'uploaded' ? 'the pasted kubeconfig' : data.source}
                    </Typography>
                  ) : null}
                </Stack>
              ) : null}
            </Stack>
            <ContextPicker />
            <Button size="small" onClick={() => setDialogOpen(true)}>
              Paste kubeconfig…
            </Button>
          </Stack>
          {cluster.isPending ? <Skeleton variant="rounded" height={80} /> : null}
          {cluster.error ? <Alert severity="error">{cluster.error.message}</Alert> : null}
          {data?.pendingExec ? <ExecConfirmation plugin={data.pendingExec} /> : null}
          {data && !data.connected && !data.pendingExec ? (
            <Stack spacing={1}>
              <Alert
                severity="warning"
                action={
                  <Button size="small" color="inherit" disabled={cluster.isFetching} onClick={() => void cluster.refetch()}>
                    Retry
                  </Button>
                }
              >
                {data.reason}
              </Alert>
              <Attempts attempts={data.attempts} />
            </Stack>
          ) : null}
          {data?.connected ? <Connected cluster={data} /> : null}
        </Stack>
      </CardContent>
      <KubeconfigDialog open={dialogOpen} onClose={() => setDialogOpen(false)} uploaded={contexts.data?.uploaded ?? false} />
    </Card>
  );
}
