import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useCleanup } from '../../api';
import { useOperationsDrawer } from '../operations/OperationsDrawerContext';
import { notify } from '../../notifications/notify';

/**
 * "Remove everything Meshdock installed", behind a confirmation; the operation opens in the drawer. Disabled, with the
 * reason on hover, when there is no cluster to remove anything from.
 */
export function CleanupButton({ clusterProblem }: { clusterProblem?: string | null | undefined }) {
  const [open, setOpen] = useState(false);
  const cleanup = useCleanup();
  const drawer = useOperationsDrawer();
  const confirm = () => {
    setOpen(false);
    cleanup.mutate(undefined, {
      onSuccess: ({ id }) => drawer.show(id),
      onError: (error) => notify('error', error.message),
    });
  };
  return (
    <>
      <Tooltip title={clusterProblem ? 'There is no cluster, so there is nothing to remove.' : ''} disableHoverListener={!clusterProblem}>
        <span>
          <Button color="error" size="small" variant="outlined" onClick={() => setOpen(true)} disabled={cleanup.isPending || Boolean(clusterProblem)}>
            Remove everything Meshdock installed
          </Button>
        </span>
      </Tooltip>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="cleanup-title">
        <DialogTitle id="cleanup-title">Remove everything Meshdock installed?</DialogTitle>
        <DialogContent>
          <Typography variant="body2">
            Every sample app, every mesh Meshdock installed (with its CRDs) and every namespace Meshdock created is
            deleted. Meshes you installed yourself stay.
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button color="error" variant="contained" onClick={confirm}>
            Remove everything
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
