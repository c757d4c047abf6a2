import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useJoinMesh, useLeaveMesh, useNamespaces, useRestartDeployments, type Started } from '../../api';
import { useOperationsDrawer } from '../operations/OperationsDrawerContext';
import { JoinMeshMenu } from './JoinMeshMenu';

/** After a join or leave: running pods keep their old state until restarted. */
interface RestartNote {
  namespace: string;
  sentence: string;
}

export default function NamespacesPage() {
  const namespaces = useNamespaces();
  const join = useJoinMesh();
  const leave = useLeaveMesh();
  const restart = useRestartDeployments();
  const drawer = useOperationsDrawer();
  const [note, setNote] = useState<RestartNote | null>(null);

  const started = (afterwards?: RestartNote) => ({ id }: Started) => {
    drawer.show(id);
    setNote(afterwards ?? null);
  };
  const error = join.error ?? leave.error ?? restart.error;
  const list = namespaces.data;

  return (
    <Stack spacing={2}>
      <div>
        <Typography variant="h2">Namespaces</Typography>
        <Typography variant="body1" color="text.secondary">
          A namespace joins a mesh through a label or annotation the mesh’s injector watches. Only pods created afterwards
          get (or lose) the proxy: restart a namespace’s deployments to apply it to running pods.
        </Typography>
      </div>
      {namespaces.isPending ? <Skeleton variant="rounded" height={120} /> : null}
      {namespaces.error ? <Alert severity="warning">{namespaces.error.message}</Alert> : null}
      {error ? <Alert severity="error">{error.message}</Alert> : null}
      {note ? (
        <Alert
          severity="info"
          onClose={() => setNote(null)}
          action={
            <Button size="small" color="inherit" onClick={() => restart.mutate(note.namespace, { onSuccess: started() })}>
              Restart deployments
            </Button>
          }
        >
          {note.sentence}
        </Alert>
      ) : null}
      {list && list.joinableMeshes.length === 0 ? (
        <Alert severity="info">No mesh catalog is loaded, so there is no mesh a namespace can join yet.</Alert>
      ) : null}
      {list ? (
        <Table size="small" aria-label="Namespaces">
          <TableHead>
            <TableRow>
              <TableCell>Namespace</TableCell>
              <TableCell>Mesh</TableCell>
              <TableCell align="right">Deployments</TableCell>
              <TableCell align="right">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.namespaces.map((ns) => (
              <TableRow key={ns.name}>
                <TableCell>
                  {ns.name}
                  {ns.system ? <Chip size="small" variant="outlined" label="system" sx={{ ml: 1 }} /> : null}
                </TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1}>
                    {ns.meshes.map((mesh) => (
                      <Chip
                        key={mesh.meshId}
                        size="small"
                        color="primary"
                        label={mesh.meshName}
                        onDelete={() =>
                          leave.mutate(
                            { namespace: ns.name, mesh: mesh.meshId },
                            {
                              onSuccess: started({
                                namespace: ns.name,
                                sentence: `Pods already running in ${ns.name} keep the ${mesh.meshName} proxy until they restart.`,
                              }),
                            },
                          )
                        }
                        aria-label={`${ns.name} is in ${mesh.meshName}`}
                      />
                    ))}
                    {ns.meshes.length === 0 ? (
                      <Typography variant="body2" color="text.secondary">
                        —
                      </Typography>
                    ) : null}
                  </Stack>
                </TableCell>
                <TableCell align="right">{ns.deployments}</TableCell>
                <TableCell align="right">
                  {ns.system ? null : (
                    <Stack direction="row" spacing={1} justifyContent="flex-end">
                      <JoinMeshMenu
                        namespace={ns.name}
                        meshes={list.joinableMeshes.filter((mesh) => !ns.meshes.some((joined) => joined.meshId === mesh.meshId))}
                        disabled={join.isPending || ns.meshes.length > 0}
                        onJoin={(mesh) =>
                          join.mutate(
                            { namespace: ns.name, mesh },
                            {
                              onSuccess: started({
                                namespace: ns.name,
                                sentence: `Pods already running in ${ns.name} get the ${
                                  list.joinableMeshes.find((item) => item.meshId === mesh)?.meshName ?? mesh
                                } proxy only when they restart.`,
                              }),
                            },
                          )
                        }
                      />
                      <Button
                        size="small"
                        disabled={ns.deployments === 0 || restart.isPending}
                        aria-label={`Restart the deployments of ${ns.name}`}
                        onClick={() => restart.mutate(ns.name, { onSuccess: started() })}
                      >
                        Restart deployments
                      </Button>
                    </Stack>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Stack>
  );
}
