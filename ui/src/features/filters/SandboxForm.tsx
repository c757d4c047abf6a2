import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useStartSandbox, type FilterModule } from '../../api';
import { FilterConfigFields } from './FilterConfigFields';
import { sandboxRequest, validateSandboxForm, type SandboxForm as Form } from './sandboxForm';

interface Props {
  filters: FilterModule[];
}

const noFilter = '';

/** Start a sandbox with any registry filter (or none) in front of Image Hub or a URL, configured as a mesh would. */
export function SandboxForm({ filters }: Props) {
  const [form, setForm] = useState<Form>({ filterId: noFilter, upstream: 'imagehub', pluginConfig: '', vmConfiguration: '', rootId: '' });
  const start = useStartSandbox();
  const errors = validateSandboxForm(form);
  const filter = filters.find((f) => f.id === form.filterId);
  const change = (field: keyof Form, value: string) => {
    start.reset();
    setForm((current) => ({ ...current, [field]: value }));
  };
  const pick = (filterId: string) => {
    start.reset();
    const picked = filters.find((f) => f.id === filterId);
    // A filter's default configuration is the starting point, as in the attach dialog.
    setForm((current) => ({ ...current, filterId, pluginConfig: picked?.defaultPluginConfig ? JSON.stringify(picked.defaultPluginConfig) : '' }));
  };

  return (
    <Stack spacing={2} component="form" aria-label="Start a sandbox" onSubmit={(event) => event.preventDefault()}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField select label="Filter" size="small" value={form.filterId} onChange={(event) => pick(event.target.value)} sx={{ minWidth: 200 }}>
          <MenuItem value={noFilter}>No filter (baseline)</MenuItem>
          {filters.map((option) => (
            <MenuItem key={option.id} value={option.id}>
              {option.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Upstream"
          size="small"
          value={form.upstream}
          onChange={(event) => change('upstream', event.target.value)}
          error={Boolean(errors.upstream)}
          helperText={errors.upstream ?? 'imagehub (embedded) or an http(s) URL'}
          sx={{ flex: 1 }}
        />
      </Stack>
      {filter ? <FilterConfigFields form={form} errors={errors} onChange={change} defaultRootId={filter.name} /> : null}
      {start.error ? <Alert severity="error">{start.error.message}</Alert> : null}
      {start.data ? (
        <Alert severity="success">{`${start.data.filterName ?? 'No filter'} in front of ${start.data.upstream} at ${start.data.url}.`}</Alert>
      ) : null}
      <div>
        <Button variant="contained" size="small" disabled={Object.keys(errors).length > 0 || start.isPending} onClick={() => start.mutate(sandboxRequest(form))}>
          Start sandbox
        </Button>
      </div>
    </Stack>
  );
}
