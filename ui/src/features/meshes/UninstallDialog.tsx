import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useUninstallMesh, type Mesh, type Started } from '../../api';

interface Props {
  mesh: Mesh;
  open: boolean;
  onClose: () => void;
  /** The operation started: its id. */
  onStarted: (operationId: string) => void;
  /** The backend refused to start it (a problem sentence; 409 names the operation holding the mesh). */
  onStartFailed: (error: Error) => void;
}

/** Confirms an uninstall (optionally with the mesh's CRDs), then starts it and closes; the card follows the operation. */
export function UninstallDialog({ mesh, open, onClose, onStarted, onStartFailed }: Props) {
  const [removeCrds, setRemoveCrds] = useState(false);
  const uninstall = useUninstallMesh();
  const confirm = () => {
    onClose();
    uninstall.mutate({ id: mesh.id, removeCrds }, { onSuccess: ({ id }: Started) => onStarted(id), onError: onStartFailed });
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby={`uninstall-${mesh.id}`}>
      <DialogTitle id={`uninstall-${mesh.id}`}>Uninstall {mesh.displayName}?</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          helm removes its releases from {mesh.namespace}. Pods that already carry its proxy keep running with it until
          they are restarted.
        </Typography>
        <FormControlLabel
          control={<Checkbox checked={removeCrds} onChange={(event) => setRemoveCrds(event.target.checked)} />}
          label="Also remove its CRDs (this deletes every resource of those kinds, such as routing rules)"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="error" variant="contained" onClick={confirm}>
          Uninstall
        </Button>
      </DialogActions>
    </Dialog>
  );
}
