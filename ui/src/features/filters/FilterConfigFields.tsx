import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { FilterConfigForm } from './filterConfig';

interface Props {
  form: FilterConfigForm;
  errors: Partial<Record<keyof FilterConfigForm, string>>;
  onChange: (field: keyof FilterConfigForm, value: string) => void;
  /** The root id used when none is typed: the filter's name. */
  defaultRootId: string;
  /** Where the VM configuration reaches a filter, e.g. "Consul and Kuma" in the attach dialog. */
  vmConfigurationNote?: string;
}

/**
 * The plugin configuration, and in an advanced section (open when something in it is set or wrong) the VM
 * configuration and the root id: the same three fields in the attach dialog and the sandbox form.
 */
export function FilterConfigFields({ form, errors, onChange, defaultRootId, vmConfigurationNote }: Props) {
  const id = useId();
  const advancedSet = form.vmConfiguration !== '' || form.rootId !== '';
  const advancedWrong = Boolean(errors.vmConfiguration || errors.rootId);
  const [open, setOpen] = useState(advancedSet);
  const set = (field: keyof FilterConfigForm) => (event: { target: { value: string } }) => onChange(field, event.target.value);

  return (
    <Stack spacing={2}>
      <TextField
        label="Plugin configuration"
        size="small"
        multiline
        minRows={3}
        value={form.pluginConfig}
        onChange={set('pluginConfig')}
        error={Boolean(errors.pluginConfig)}
        helperText={errors.pluginConfig ?? 'Handed to the filter’s proxy_on_configure: a JSON object or plain text; empty = the filter’s default'}
      />
      <Accordion
        disableGutters
        variant="outlined"
        expanded={open || advancedWrong}
        onChange={(_, expanded) => setOpen(expanded)}
        sx={{ '&::before': { display: 'none' } }}
      >
        <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls={`${id}-advanced`} id={`${id}-advanced-header`}>
          <Typography variant="body2">VM configuration and root id{advancedSet ? ' (set)' : ''}</Typography>
        </AccordionSummary>
        <AccordionDetails id={`${id}-advanced`}>
          <Stack spacing={2}>
            <TextField
              label="VM configuration"
              size="small"
              multiline
              minRows={1}
              value={form.vmConfiguration}
              onChange={set('vmConfiguration')}
              error={Boolean(errors.vmConfiguration)}
              helperText={errors.vmConfiguration ?? `Handed to proxy_on_vm_start${vmConfigurationNote ? ` (${vmConfigurationNote})` : ''}; empty = none`}
            />
            <TextField
              label="Root id"
              size="small"
              value={form.rootId}
              placeholder={defaultRootId}
              onChange={set('rootId')}
              error={Boolean(errors.rootId)}
              helperText={errors.rootId ?? 'Envoy’s root_id, which SDKs pick the root context by; empty = the filter’s name, as the meshes use'}
            />
          </Stack>
        </AccordionDetails>
      </Accordion>
    </Stack>
  );
}
