import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useContexts, useSelectContext } from '../../api';

/** Chooses the kubeconfig context Meshdock uses; contexts that cannot work here say why. */
export function ContextPicker() {
  const contexts = useContexts();
  const select = useSelectContext();
  const list = contexts.data;
  if (!list || list.contexts.length === 0) return null;
  const selected = list.contexts.find((context) => context.name === list.selected);
  return (
    <TextField
      select
      size="small"
      label="Context"
      value={list.selected ?? ''}
      disabled={select.isPending}
      onChange={(event) => select.mutate(event.target.value)}
      error={Boolean(select.error)}
      helperText={select.error?.message ?? selected?.problem ?? selected?.server ?? ' '}
      sx={{ minWidth: 260 }}
    >
      {list.contexts.map((context) => (
        <MenuItem key={context.name} value={context.name}>
          {context.name}
          {context.source === 'uploaded' ? ' (pasted)' : ''}
          {context.problem ? ' — cannot be used here' : ''}
        </MenuItem>
      ))}
    </TextField>
  );
}
