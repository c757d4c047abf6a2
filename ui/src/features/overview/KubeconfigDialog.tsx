import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState, type ChangeEvent } from 'react';
import { useRemoveKubeconfig, useUploadKubeconfig } from '../../api';

interface Props {
  open: boolean;
  onClose: () => void;
  /** Whether a pasted kubeconfig is stored, which the user may forget. */
  uploaded: boolean;
}

/**
 * Paste or load a kubeconfig. It is sent once, stored by the backend with owner-only permissions and never shown
 * again: the card only lists context names and servers.
 */
export function KubeconfigDialog({ open, onClose, uploaded }: Props) {
  const [text, setText] = useState('');
  const upload = useUploadKubeconfig();
  const remove = useRemoveKubeconfig();

  const close = () => {
    setText('');
    upload.reset();
    remove.reset();
    onClose();
  };

  const load = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
    event.target.value = '';
  };

  const error = upload.error ?? remove.error;
  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="md" aria-labelledby="kubeconfig-title">
      <DialogTitle id="kubeconfig-title">Use another kubeconfig</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          Paste a kubeconfig with its certificates embedded, e.g. the output of{' '}
          <code>kubectl config view --raw --minify --flatten</code>. Meshdock keeps it in its data folder, readable by
          itself only, and never shows it again. Users that log in through a cloud CLI (exec plugins) cannot work inside
          Docker Desktop: use a token or a client certificate.
        </DialogContentText>
        <TextField
          label="Kubeconfig (YAML)"
          multiline
          minRows={10}
          maxRows={20}
          fullWidth
          value={text}
          onChange={(event) => {
            upload.reset();
            setText(event.target.value);
          }}
          inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
        />
        {error ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error.message}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        {uploaded ? (
          <Button color="warning" disabled={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: close })}>
            Forget the pasted kubeconfig
          </Button>
        ) : null}
        <Button component="label">
          Load file…
          <input type="file" hidden aria-label="Kubeconfig file" onChange={(event) => void load(event)} />
        </Button>
        <Button onClick={close}>Cancel</Button>
        <Button
          variant="contained"
          disabled={text.trim() === '' || upload.isPending}
          onClick={() => upload.mutate(text, { onSuccess: close })}
        >
          {upload.isPending ? 'Checking…' : 'Use this kubeconfig'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
