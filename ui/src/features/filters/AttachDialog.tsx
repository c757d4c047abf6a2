import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useAttachFilter, useFilterMeshes, type FilterModule } from '../../api';
import { useOperationsDrawer } from '../operations/OperationsDrawerContext';
import { parseSelector, validateAttachForm, type AttachForm } from './attachForm';
import { FilterConfigFields } from './FilterConfigFields';
import { filterConfigRequest } from './filterConfig';

interface Props {
  filter: FilterModule;
  onClose: () => void;
}

/** Attach a filter to workloads of a mesh; meshes that cannot run proxy-wasm are listed, disabled, with the reason. */
export function AttachDialog({ filter, onClose }: Props) {
  const meshes = useFilterMeshes();
  const drawer = useOperationsDrawer();
  const [form, setForm] = useState<AttachForm>({
    mesh: '',
    namespace: 'imagehub',
    selector: 'app=api',
    pluginConfig: filter.defaultPluginConfig ? JSON.stringify(filter.defaultPluginConfig) : '',
    vmConfiguration: '',
    rootId: '',
  });
  const attach = useAttachFilter();
  const submit = () =>
    attach.mutate(
      {
        id: filter.id,
        request: {
          mesh: form.mesh,
          namespace: form.namespace,
          workloadSelector: parseSelector(form.selector)!,
          ...filterConfigRequest(form),
        },
      },
      {
        onSuccess: ({ id }) => {
          drawer.show(id);
          onClose();
        },
      },
    );
  const mesh = meshes.data?.find((m) => m.mesh === form.mesh);
  const errors = validateAttachForm(form, mesh?.objectKind === 'ServiceDefaults' || mesh?.objectKind === 'MeshProxyPatch', mesh?.objectKind === 'WasmPlugin');
  const change = (field: keyof AttachForm, value: string) => {
    attach.reset();
    setForm((current) => ({ ...current, [field]: value }));
  };
  const set = (field: keyof AttachForm) => (event: { target: { value: string } }) => change(field, event.target.value);

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="attach-title">
      <DialogTitle id="attach-title">Attach {filter.name}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField select label="Mesh" size="small" value={form.mesh} onChange={set('mesh')} error={Boolean(form.mesh && errors.mesh)}>
            {(meshes.data ?? []).map((option) => (
              <MenuItem key={option.mesh} value={option.mesh} disabled={!option.supported}>
                <ListItemText primary={option.displayName} secondary={option.supported ? `${option.objectKind}` : option.reason} />
              </MenuItem>
            ))}
          </TextField>
          <TextField label="Namespace" size="small" value={form.namespace} onChange={set('namespace')} error={Boolean(errors.namespace)} helperText={errors.namespace} />
          <TextField
            label="Workload selector"
            size="small"
            value={form.selector}
            onChange={set('selector')}
            error={Boolean(errors.selector)}
            helperText={errors.selector ?? 'Pod labels, key=value, comma-separated'}
          />
          <FilterConfigFields form={form} errors={errors} onChange={change} defaultRootId={filter.name} vmConfigurationNote="Consul and Kuma" />
          {attach.error ? <Alert severity="error">{attach.error.message}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={Object.keys(errors).length > 0 || attach.isPending} onClick={submit}>
          Attach
        </Button>
      </DialogActions>
    </Dialog>
  );
}
