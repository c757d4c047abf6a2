import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useInstallMesh, usePreflight, useUpgradeMesh, type Mesh, type Started } from '../../api';

interface Props {
  mesh: Mesh;
  version: string | null;
  upgrade: boolean;
  open: boolean;
  onClose: () => void;
  /** The operation started: its id. */
  onStarted: (operationId: string) => void;
  /** The backend refused to start it (a problem sentence; 409 names the operation holding the mesh). */
  onStartFailed: (error: Error) => void;
}

/**
 * Confirms an install or upgrade after showing the pre-flight check (node CPU, memory, Kubernetes version, notices),
 * then starts it and closes; the card follows the operation.
 */
export function InstallDialog({ mesh, version, upgrade, open, onClose, onStarted, onStartFailed }: Props) {
  const preflight = usePreflight(mesh.id, open);
  const install = useInstallMesh();
  const upgradeTo = useUpgradeMesh();
  const verb = upgrade ? 'Upgrade' : 'Install';
  const confirm = () => {
    onClose();
    const outcome = { onSuccess: ({ id }: Started) => onStarted(id), onError: onStartFailed };
    if (upgrade && version) upgradeTo.mutate({ id: mesh.id, version }, outcome);
    else install.mutate({ id: mesh.id, version }, outcome);
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby={`install-${mesh.id}`}>
      <DialogTitle id={`install-${mesh.id}`}>
        {verb} {mesh.displayName}
        {version ? ` ${version}` : ''}?
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          {upgrade
            ? `helm upgrades each of its charts in ${mesh.namespace}, keeping the values it was installed with.`
            : `helm installs its charts into ${mesh.namespace}; the operation succeeds when every control-plane workload is Ready.`}
        </Typography>
        {preflight.isLoading ? <CircularProgress size={20} aria-label="Checking the cluster" /> : null}
        {preflight.error ? <Alert severity="warning">{preflight.error.message}</Alert> : null}
        {preflight.data ? (
          <List dense aria-label="Pre-flight checks">
            {preflight.data.checks.map((check, index) => (
              <ListItem key={index} disableGutters>
                <ListItemIcon sx={{ minWidth: 32 }}>
                  {check.level === 'ok' ? (
                    <CheckCircleOutlineIcon color="success" fontSize="small" />
                  ) : (
                    <WarningAmberIcon color="warning" fontSize="small" />
                  )}
                </ListItemIcon>
                <ListItemText primary={check.message} />
              </ListItem>
            ))}
          </List>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={confirm} disabled={preflight.isLoading}>
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
