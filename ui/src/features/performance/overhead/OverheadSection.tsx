import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useApps, useDeleteOverheadReport, useMeshes, useOverheadReports, useStartOverheadReport } from '../../../api';
import { MetricsServerCard } from './MetricsServerCard';
import { OverheadReportView } from './OverheadReportView';

/**
 * "What does this mesh cost?": pick an installed mesh, Meshdock deploys httpbin plain and meshed and measures both
 * (open model, 1,000 rps, 16 connections, 30 s after 5 s of warm-up, two alternating rounds by default).
 */
export function OverheadSection() {
  const meshes = useMeshes();
  const apps = useApps();
  const [workload, setWorkload] = useState('httpbin');
  const reports = useOverheadReports();
  const start = useStartOverheadReport();
  const remove = useDeleteOverheadReport();
  const installed = (meshes.data?.meshes ?? []).filter((mesh) => mesh.state.status === 'installed');
  const [meshId, setMeshId] = useState('');
  const [roundsText, setRoundsText] = useState('2');
  const rounds = Math.min(5, Math.max(1, Math.round(Number(roundsText)) || 2));
  const [openId, setOpenId] = useState<string | null>(null);
  const chosen = meshId || installed[0]?.id || '';
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h3">What does this mesh cost?</Typography>
          <Typography variant="body2" color="text.secondary">
            Deploys a workload (httpbin by default) into a plain namespace and one in the mesh, then measures both in alternating rounds (open model, 1,000 rps over 16
            connections, 30 s after a 5 s warm-up): added latency, throughput and success rate, proxy CPU per 1,000 rps and memory per pod, and
            the control plane&apos;s usage.
          </Typography>
          <MetricsServerCard />
          <Stack direction="row" spacing={2} alignItems="center">
            <TextField
              select
              size="small"
              label="Mesh"
              value={chosen}
              onChange={(event) => setMeshId(event.target.value)}
              sx={{ minWidth: 200 }}
              helperText={installed.length === 0 ? 'Install a mesh first (Meshes page).' : undefined}
            >
              {installed.map((mesh) => (
                <MenuItem key={mesh.id} value={mesh.id}>
                  {mesh.displayName}
                </MenuItem>
              ))}
            </TextField>
            <TextField select size="small" label="Workload" value={workload} onChange={(event) => setWorkload(event.target.value)} sx={{ minWidth: 160 }}>
              {(apps.data?.apps ?? [{ id: 'httpbin', name: 'httpbin' }]).map((app) => (
                <MenuItem key={app.id} value={app.id}>
                  {app.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              size="small"
              type="number"
              label="Rounds"
              value={roundsText}
              onChange={(event) => setRoundsText(event.target.value)}
              slotProps={{ htmlInput: { min: 1, max: 5 } }}
              sx={{ width: 100 }}
            />
            <Button
              variant="contained"
              disabled={chosen === '' || start.isPending}
              onClick={() => start.mutate({ mesh: chosen, workload, rounds }, { onSuccess: (started) => setOpenId(started.id) })}
            >
              Measure
            </Button>
          </Stack>
          {start.isError ? <Alert severity="error">{start.error.message}</Alert> : null}
          {openId ? <OverheadReportView key={openId} reportId={openId} onClose={() => setOpenId(null)} /> : null}
          {reports.data && reports.data.length > 0 ? (
            <List dense aria-label="Overhead reports">
              {reports.data.map((report) => (
                <ListItem
                  key={report.id}
                  secondaryAction={
                    <Stack direction="row" spacing={1}>
                      <Button size="small" onClick={() => setOpenId(report.id)}>
                        Open
                      </Button>
                      <Button
                        size="small"
                        color="error"
                        disabled={report.status === 'running' || remove.isPending}
                        onClick={() => remove.mutate(report.id, { onSuccess: () => setOpenId((id) => (id === report.id ? null : id)) })}
                      >
                        Remove
                      </Button>
                    </Stack>
                  }
                >
                  <ListItemText primary={report.name} secondary={`${report.status} · ${new Date(report.createdAt).toLocaleString()}`} />
                </ListItem>
              ))}
            </List>
          ) : null}
          {remove.isError ? <Alert severity="error">{remove.error.message}</Alert> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
