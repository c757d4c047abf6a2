import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import ListSubheader from '@mui/material/ListSubheader';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { usePerfTargets, type PerfTarget } from '../../api';
import type { PerfForm } from './perfForm';

export const targetKey = (target: PerfTarget) => `${target.namespace}/${target.service}:${target.port}`;

/** The URL a runner reaches the target by; a ClusterIP-only Service has none for the local runner. */
export const targetUrl = (target: PerfTarget, runner: PerfForm['runner']) => (runner === 'cluster' ? target.clusterUrl : target.localUrl);

const describe = (target: PerfTarget) =>
  `${target.namespace}/${target.service}:${target.port}${target.mesh ? ` · in ${target.mesh}` : ''}${target.localUrl ? '' : ' · ClusterIP only'}`;

/**
 * Picks a Service of the cluster (sample apps first) or leaves the URL free. The local runner reaches a Service only
 * through a NodePort or LoadBalancer; for a ClusterIP-only one the picker says so and offers the cluster runner.
 */
export function TargetPicker({
  selected,
  runner,
  onPick,
  onUseCluster,
}: {
  selected: string;
  runner: PerfForm['runner'];
  onPick: (target: PerfTarget | null) => void;
  onUseCluster: () => void;
}) {
  const targets = usePerfTargets();
  const list = targets.data?.targets ?? [];
  const apps = list.filter((t) => t.app !== null);
  const services = list.filter((t) => t.app === null);
  const chosen = list.find((t) => targetKey(t) === selected);
  const unreachable = chosen !== undefined && targetUrl(chosen, runner) === null;

  const option = (target: PerfTarget) => (
    <MenuItem key={targetKey(target)} value={targetKey(target)}>
      {target.app ? `${target.app}: ` : ''}
      {describe(target)}
    </MenuItem>
  );

  return (
    <Stack spacing={1} sx={{ flex: 2, minWidth: 260 }}>
      <TextField
        select
        label="Target"
        size="small"
        value={chosen ? selected : ''}
        onChange={(event) => onPick(list.find((t) => targetKey(t) === event.target.value) ?? null)}
        error={Boolean(targets.error)}
        helperText={
          targets.error
            ? `No cluster Services to pick (${targets.error.message}); type the URL below.`
            : 'A Service of the cluster, or type any URL below'
        }
      >
        <MenuItem value="">
          <em>Free URL</em>
        </MenuItem>
        {apps.length > 0 ? <ListSubheader>Sample apps</ListSubheader> : null}
        {apps.map(option)}
        {services.length > 0 ? <ListSubheader>Services</ListSubheader> : null}
        {services.map(option)}
      </TextField>
      {unreachable ? (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={onUseCluster}>
              Run from the cluster
            </Button>
          }
        >
          {chosen.service} has no NodePort or LoadBalancer, so only a runner inside the cluster reaches it.
        </Alert>
      ) : null}
    </Stack>
  );
}
