import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useApps, useMeshes, useStartOverheadReport } from '../../../api';
import { useOperationsDrawer } from '../../operations/OperationsDrawerContext';
import { MetricsServerCard } from './MetricsServerCard';
import { OverheadFilterFields } from './OverheadFilterFields';
import { defaultOverheadForm, overheadRequest, validateOverheadForm, type OverheadForm } from './overheadForm';

const profileFields: { field: keyof OverheadForm; label: string; width: number }[] = [
  { field: 'rps', label: 'Rate (rps)', width: 120 },
  { field: 'connections', label: 'Connections', width: 120 },
  { field: 'durationSeconds', label: 'Duration (s)', width: 120 },
  { field: 'warmupSeconds', label: 'Warm-up (s)', width: 120 },
  { field: 'rounds', label: 'Rounds', width: 100 },
  { field: 'runnerPods', label: 'Runner pods', width: 110 },
];

/**
 * "What does this mesh cost?": pick an installed mesh, Meshdock deploys the workload plain and meshed (and, with a
 * filter, meshed with the filter) and measures them in alternating rounds; the progress is the operation's.
 */
export function OverheadSection({ onStarted }: { onStarted: (reportId: string) => void }) {
  const meshes = useMeshes();
  const apps = useApps();
  const start = useStartOverheadReport();
  const drawer = useOperationsDrawer();
  const installed = (meshes.data?.meshes ?? []).filter((mesh) => mesh.state.status === 'installed');
  const [typed, setTyped] = useState<OverheadForm>(defaultOverheadForm);
  const form = { ...typed, mesh: typed.mesh || installed[0]?.id || '' };
  const errors = validateOverheadForm(form);
  const change = (field: keyof OverheadForm, value: string) => {
    start.reset();
    setTyped((current) => ({ ...current, [field]: value }));
  };
  const submit = () =>
    start.mutate(overheadRequest(form), {
      onSuccess: ({ id }) => {
        drawer.show(id);
        onStarted(id);
      },
    });
  return (
    <Card variant="outlined" component="section" aria-label="What does this mesh cost?">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h3">What does this mesh cost?</Typography>
          <Typography variant="body2" color="text.secondary">
            Deploys a workload (httpbin by default) into a plain namespace and one in the mesh, then measures both in alternating rounds with the
            same open-model load, sent from runner pods in each namespace (in the mesh for the meshed one): added latency, throughput and success rate, proxy CPU per 1,000 rps and memory per pod, and the control
            plane&apos;s usage. The defaults are 1,000 rps over 16 connections, 30 s after a 5 s warm-up, two rounds.
          </Typography>
          <MetricsServerCard />
          <Stack direction="row" spacing={2} alignItems="flex-start" useFlexGap flexWrap="wrap">
            <TextField
              select
              size="small"
              label="Mesh"
              value={form.mesh}
              onChange={(event) => change('mesh', event.target.value)}
              sx={{ minWidth: 200 }}
              helperText={installed.length === 0 ? errors.mesh : undefined}
            >
              {installed.map((mesh) => (
                <MenuItem key={mesh.id} value={mesh.id}>
                  {mesh.displayName}
                </MenuItem>
              ))}
            </TextField>
            <TextField select size="small" label="Workload" value={form.workload} onChange={(event) => change('workload', event.target.value)} sx={{ minWidth: 160 }}>
              {(apps.data?.apps ?? [{ id: 'httpbin', name: 'httpbin' }]).map((app) => (
                <MenuItem key={app.id} value={app.id}>
                  {app.name}
                </MenuItem>
              ))}
            </TextField>
            {profileFields.map(({ field, label, width }) => (
              <TextField
                key={field}
                size="small"
                type="number"
                label={label}
                value={form[field]}
                onChange={(event) => change(field, event.target.value)}
                error={Boolean(errors[field])}
                helperText={errors[field]}
                sx={{ width }}
              />
            ))}
          </Stack>
          <OverheadFilterFields form={form} errors={errors} onChange={change} />
          <div>
            <Button variant="contained" disabled={Object.keys(errors).length > 0 || start.isPending} onClick={submit}>
              Measure
            </Button>
          </div>
          {start.isError ? <Alert severity="error">{start.error.message}</Alert> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
