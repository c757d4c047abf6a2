import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { ApiError, useDeployApp, useRemoveApp, type AppDeployment, type SampleApp } from '../../api';
import { OperationLivePanel } from '../operations/OperationLivePanel';
import { openInBrowser } from './openLink';
import { namespaceError } from './namespaceName';

/** One sample app: deploy it into a namespace, see where it runs, open it, remove it. */
export function AppCard({ app }: { app: SampleApp }) {
  const [namespace, setNamespace] = useState('demo');
  const [removing, setRemoving] = useState<string | null>(null);
  const [operationId, setOperationId] = useState<string | null>(null);
  const deploy = useDeployApp();
  const remove = useRemoveApp();
  const localError = namespaceError(namespace);
  const error = deploy.error ?? remove.error;
  const fieldError = localError ?? (error instanceof ApiError ? error.fieldErrors.namespace?.[0] : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (localError) return;
    deploy.mutate({ id: app.id, namespace }, { onSuccess: ({ id }) => setOperationId(id) });
  };
  const confirmRemove = () => {
    if (removing) remove.mutate({ id: app.id, namespace: removing }, { onSuccess: ({ id }) => setOperationId(id) });
    setRemoving(null);
  };

  return (
    <Card variant="outlined" component="section" aria-label={app.name}>
      <CardContent>
        <Stack spacing={1.5}>
          <Typography variant="h4">{app.name}</Typography>
          <Typography variant="body2" color="text.secondary">
            {app.description}
          </Typography>
          <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
            {app.images.map((image) => (
              <Chip key={image} size="small" variant="outlined" label={image} sx={{ fontFamily: 'monospace' }} />
            ))}
          </Stack>
          {app.deployments.length > 0 ? <Deployments deployments={app.deployments} onRemove={setRemoving} /> : null}
          <Stack component="form" direction="row" spacing={1} alignItems="flex-start" onSubmit={submit} noValidate>
            <TextField
              size="small"
              label="Namespace"
              value={namespace}
              onChange={(event) => {
                deploy.reset();
                setNamespace(event.target.value.trim());
              }}
              error={Boolean(fieldError)}
              helperText={fieldError ?? 'Created if it does not exist'}
            />
            <Button type="submit" variant="contained" size="small" disabled={Boolean(localError) || deploy.isPending} sx={{ mt: 0.5 }}>
              Deploy
            </Button>
          </Stack>
          {error && !fieldError ? <Alert severity="error">{error.message}</Alert> : null}
          {operationId ? <OperationLivePanel operationId={operationId} /> : null}
        </Stack>
      </CardContent>
      <Dialog open={removing !== null} onClose={() => setRemoving(null)} aria-labelledby={`remove-${app.id}`}>
        <DialogTitle id={`remove-${app.id}`}>
          Remove {app.name} from {removing}?
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2">Its Deployments, Services and service accounts are deleted; the namespace stays.</Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRemoving(null)}>Cancel</Button>
          <Button color="error" variant="contained" onClick={confirmRemove}>
            Remove
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}

function Deployments({ deployments, onRemove }: { deployments: AppDeployment[]; onRemove: (namespace: string) => void }) {
  return (
    <Table size="small" aria-label="Deployments">
      <TableHead>
        <TableRow>
          <TableCell>Namespace</TableCell>
          <TableCell>Pods ready</TableCell>
          <TableCell>Mesh proxy</TableCell>
          <TableCell>Open</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {deployments.map((d) => (
          <TableRow key={d.namespace}>
            <TableCell>{d.namespace}</TableCell>
            <TableCell>
              {d.readyPods} / {d.totalPods}
            </TableCell>
            <TableCell>
              {d.proxy ? (
                <Chip size="small" color="success" label={`${d.proxy}: ${d.meshedPods}/${d.totalPods}`} />
              ) : (
                <Chip size="small" variant="outlined" label="No sidecar" />
              )}
            </TableCell>
            <TableCell>
              <Stack spacing={0.5}>
                {d.endpoints.map((endpoint) =>
                  endpoint.url ? (
                    <Link
                      key={endpoint.label}
                      href={endpoint.url}
                      target="_blank"
                      rel="noreferrer"
                      onClick={(event) => {
                        if (openInBrowser(endpoint.url!)) event.preventDefault();
                      }}
                    >
                      {endpoint.label}
                    </Link>
                  ) : (
                    <Typography key={endpoint.label} variant="caption" color="text.secondary">
                      {endpoint.label}: no node port yet
                    </Typography>
                  ),
                )}
              </Stack>
            </TableCell>
            <TableCell align="right">
              <Button size="small" color="error" onClick={() => onRemove(d.namespace)}>
                Remove
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
