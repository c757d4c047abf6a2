import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useFilters } from '../../../api';
import { FilterConfigFields } from '../../filters/FilterConfigFields';
import type { OverheadForm, OverheadFormErrors } from './overheadForm';

interface Props {
  form: OverheadForm;
  errors: OverheadFormErrors;
  onChange: (field: keyof OverheadForm, value: string) => void;
}

/** The optional third namespace: a filter from the registry, attached to the workload there, configured as when attaching it. */
export function OverheadFilterFields({ form, errors, onChange }: Props) {
  const filters = useFilters();
  const chosen = filters.data?.find((filter) => filter.name === form.filter);
  const pick = (name: string) => {
    onChange('filter', name);
    const picked = filters.data?.find((filter) => filter.name === name);
    onChange('pluginConfig', picked?.defaultPluginConfig ? JSON.stringify(picked.defaultPluginConfig) : '');
  };
  return (
    <Stack spacing={2}>
      <TextField
        select
        size="small"
        label="Filter (optional third namespace)"
        value={form.filter}
        onChange={(event) => pick(event.target.value)}
        sx={{ maxWidth: 360 }}
        helperText={
          filters.data?.length === 0
            ? 'No filter in the registry yet (Filters page).'
            : 'Also measures the workload in the mesh with this filter attached, against the same plain namespace.'
        }
      >
        <MenuItem value="">None</MenuItem>
        {filters.data?.map((filter) => (
          <MenuItem key={filter.id} value={filter.name}>
            {filter.name}
          </MenuItem>
        ))}
      </TextField>
      {chosen ? <FilterConfigFields form={form} errors={errors} onChange={onChange} defaultRootId={chosen.name} /> : null}
    </Stack>
  );
}
