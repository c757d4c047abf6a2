import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { useSyncExternalStore } from 'react';
import { dismiss, pendingNotifications, subscribeNotifications } from './notify';

/** Shows queued notifications one at a time, oldest first (standalone mode only; Docker Desktop has its own). */
export function NotificationHost() {
  const notifications = useSyncExternalStore(subscribeNotifications, pendingNotifications);
  const current = notifications[0];
  if (!current) return null;
  const close = () => dismiss(current.id);
  return (
    <Snackbar
      key={current.id}
      open
      autoHideDuration={current.severity === 'error' ? null : 6000}
      onClose={(_, reason) => reason !== 'clickaway' && close()}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
    >
      <Alert severity={current.severity} variant="filled" onClose={close} sx={{ maxWidth: 560 }}>
        {current.message}
      </Alert>
    </Snackbar>
  );
}
