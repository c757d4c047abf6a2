import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import type { PerfField, PerfForm } from './perfForm';

/** Where the load comes from: Meshdock itself, or a Job of runner pods in a namespace (in its mesh or not). */
export function RunnerFields({
  form,
  error,
  onRunner,
  onChange,
}: {
  form: PerfForm;
  error: (field: PerfField) => string | undefined;
  onRunner: (runner: PerfForm['runner']) => void;
  onChange: (change: Partial<PerfForm>) => void;
}) {
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems="flex-start" useFlexGap flexWrap="wrap">
      <Stack spacing={0.5}>
        <Typography variant="caption" color="text.secondary">
          Load from
        </Typography>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={form.runner}
          onChange={(_, runner: PerfForm['runner'] | null) => runner && onRunner(runner)}
          aria-label="Load from"
        >
          <ToggleButton value="local">Meshdock</ToggleButton>
          <ToggleButton value="cluster">Pods in the cluster</ToggleButton>
        </ToggleButtonGroup>
      </Stack>
      {form.runner === 'cluster' ? (
        <>
          <TextField
            label="Runner namespace"
            size="small"
            value={form.runnerNamespace}
            onChange={(event) => onChange({ runnerNamespace: event.target.value })}
            error={Boolean(error('runnerNamespace'))}
            helperText={error('runnerNamespace') ?? 'Created when missing (removed by Cleanup)'}
            sx={{ flex: 1, minWidth: 180 }}
          />
          <TextField
            label="Runner pods"
            size="small"
            value={form.runnerPods}
            onChange={(event) => onChange({ runnerPods: event.target.value })}
            error={Boolean(error('runnerPods'))}
            helperText={error('runnerPods') ?? '1 to 20; connections and rate are shared'}
            inputProps={{ inputMode: 'numeric' }}
            sx={{ width: 180 }}
          />
          <FormControlLabel
            control={<Switch checked={form.meshed} onChange={(event) => onChange({ meshed: event.target.checked })} />}
            label="In the namespace's mesh"
            title="The runner pods are injected by the namespace's mesh, so requests leave through a proxy as a meshed client's do"
          />
        </>
      ) : null}
    </Stack>
  );
}
