import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useInstallMetricsServer, useMetricsServer } from '../../../api';

/** Says whether CPU and memory can be measured, what is lost without metrics-server, and installs it in one click. */
export function MetricsServerCard() {
  const status = useMetricsServer();
  const install = useInstallMetricsServer();
  if (!status.data || status.data.state === 'installed') return null;
  const busy = status.data.installing || install.isPending;
  return (
    <Alert
      severity={status.data.state === 'missing' ? 'warning' : 'info'}
      action={
        status.data.state === 'missing' ? (
          <Button size="small" disabled={busy} onClick={() => install.mutate(undefined)}>
            {busy ? 'Installing…' : `Install metrics-server ${status.data.chartVersion}`}
          </Button>
        ) : null
      }
    >
      {status.data.sentence} {status.data.withoutIt}
      {install.isError ? ` ${install.error.message}` : ''}
    </Alert>
  );
}
