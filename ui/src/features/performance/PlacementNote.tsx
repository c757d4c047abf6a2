import Alert from '@mui/material/Alert';
import type { PerfPlacement } from '../../api';

/** Where the load came from, and what Meshdock changed on the way: said with every measured result. */
export function PlacementNote({ placement }: { placement: PerfPlacement | null | undefined }) {
  if (!placement) return null;
  if (placement.where === 'local') {
    return placement.targetRewrittenFrom ? (
      <Alert severity="info">
        Sent from Meshdock to host.docker.internal instead of {placement.targetRewrittenFrom}: inside Meshdock&apos;s container, localhost is
        the container itself.
      </Alert>
    ) : null;
  }
  const pods = `${placement.pods ?? '?'} runner pod${placement.pods === 1 ? '' : 's'} in ${placement.namespace ?? '?'}`;
  const mesh =
    placement.injected === true
      ? `injected by ${placement.mesh ?? 'the mesh'}: requests left through a proxy, as a meshed client's do`
      : placement.meshed && placement.injected === false
        ? `not injected although asked to be (is ${placement.namespace} in a mesh that injects pods?)`
        : 'outside any mesh proxy';
  return (
    <Alert severity={placement.meshed && placement.injected === false ? 'warning' : 'info'}>
      Load from the cluster: {pods} ({placement.runnerImage}), {mesh}.
    </Alert>
  );
}
