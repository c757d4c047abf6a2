import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useAttachImageHubDemo, useAttachments, useDetachAttachment, useFilterMeshes, useMeshes } from '../../api';
import { useOperationsDrawer } from '../operations/OperationsDrawerContext';

/**
 * Filters attached to mesh workloads, with detach; and Image Hub "with filter" in one click per mesh, enabled only for
 * a mesh that is installed on a reachable cluster (the reason otherwise on hover).
 */
export function AttachmentList() {
  const attachments = useAttachments();
  const meshes = useFilterMeshes();
  const catalog = useMeshes();
  const notReady = (meshId: string, displayName: string): string | undefined => {
    if (!catalog.data) return 'Checking which meshes are installed…';
    if (catalog.data.clusterProblem) return 'There is no cluster to deploy to.';
    const status = catalog.data.meshes.find((item) => item.id === meshId)?.state.status;
    return status === 'installed' || status === 'degraded' ? undefined : `${displayName} is not installed: install it on the Meshes page first.`;
  };
  const drawer = useOperationsDrawer();
  const started = { onSuccess: ({ id }: { id: string }) => drawer.show(id) };
  const detach = useDetachAttachment();
  const demo = useAttachImageHubDemo();

  return (
    <Stack spacing={1.5}>
      <Typography variant="body2" color="text.secondary">
        Image Hub with the rate-limit filter on its api workload (namespace imagehub), in one click:
      </Typography>
      <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
        {(meshes.data ?? []).map((mesh) =>
          mesh.supported ? (
            <Tooltip key={mesh.mesh} title={notReady(mesh.mesh, mesh.displayName) ?? ''} disableHoverListener={!notReady(mesh.mesh, mesh.displayName)}>
              <span>
                <Button
                  size="small"
                  variant="outlined"
                  disabled={demo.isPending || Boolean(notReady(mesh.mesh, mesh.displayName))}
                  aria-description={notReady(mesh.mesh, mesh.displayName)}
                  onClick={() => demo.mutate(mesh.mesh, started)}
                >
                  {`On ${mesh.displayName}`}
                </Button>
              </span>
            </Tooltip>
          ) : (
            <Typography key={mesh.mesh} variant="caption" color="text.secondary" sx={{ width: '100%' }}>
              {`${mesh.displayName}: ${mesh.reason}`}
            </Typography>
          ),
        )}
      </Stack>
      {demo.error ? <Alert severity="error">{demo.error.message}</Alert> : null}
      {detach.error ? <Alert severity="error">{detach.error.message}</Alert> : null}
      {attachments.data?.length ? (
        attachments.data.map((attachment) => (
          <Stack key={attachment.id} direction="row" spacing={1} alignItems="center" aria-label={`Attachment ${attachment.objectName}`}>
            <Chip size="small" label={attachment.status} color={attachment.status === 'attached' ? 'success' : attachment.status === 'failed' ? 'error' : 'default'} />
            <Typography variant="body2" sx={{ flex: 1 }}>
              {`${attachment.filterName} → ${attachment.mesh} ${attachment.objectKind} ${attachment.objectNamespace}/${attachment.objectName} (${Object.entries(attachment.workloadSelector).map(([k, v]) => `${k}=${v}`).join(', ')})`}
              {attachment.rootId !== attachment.filterName ? `, root id ${attachment.rootId}` : ''}
              {attachment.vmConfiguration !== '' ? `, VM configuration ${attachment.vmConfiguration.length} characters` : ''}
            </Typography>
            {attachment.operationId ? (
              <Button size="small" onClick={() => drawer.show(attachment.operationId!)}>
                Log
              </Button>
            ) : null}
            <Button size="small" color="error" disabled={detach.isPending || attachment.status === 'detaching'} onClick={() => detach.mutate(attachment.id, started)}>
              Detach
            </Button>
          </Stack>
        ))
      ) : (
        <Typography color="text.secondary">No filter is attached to a mesh.</Typography>
      )}
    </Stack>
  );
}
