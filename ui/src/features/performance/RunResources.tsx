import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { PerfResources, ResourceSummary } from '../../api';

const millicores = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value.toFixed(1)} m`);
const mebibytes = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value.toFixed(1)} MiB`);

/** Mean CPU over the achieved rate in thousands: what 1,000 requests a second cost the proxies. */
export function cpuPerThousandRps(summary: ResourceSummary | null, rps: number | null | undefined): number | null {
  const cpu = summary?.cpuMeanMillicores;
  return cpu === null || cpu === undefined || !rps || rps <= 0 ? null : cpu / (rps / 1000);
}

function Headline({ label, value }: { label: string; value: string }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h5">{value}</Typography>
    </Box>
  );
}

/**
 * What the target, its mesh and the runner pods used during a cluster run, from the metrics API; or, when
 * metrics-server was not there, what that cost.
 */
export function RunResources({ resources, rps }: { resources: PerfResources | null | undefined; rps: number }) {
  if (!resources) return null;
  if (resources.metricsLost) return <Alert severity="warning">{resources.metricsLost}</Alert>;
  const rows: { label: string; summary: ResourceSummary | null }[] = [
    { label: `Application${resources.target ? ` (${resources.target})` : ''}`, summary: resources.app },
    { label: `Proxy${resources.proxyContainer ? ` (${resources.proxyContainer})` : ''}`, summary: resources.proxy },
    { label: `Control plane${resources.mesh ? ` (${resources.mesh})` : ''}`, summary: resources.controlPlane },
    { label: 'Runner pods', summary: resources.runner },
  ];
  const measured = rows.filter((row) => row.summary && row.summary.samples > 0);
  return (
    <Stack spacing={2}>
      {resources.proxy || resources.controlPlane ? (
        <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
          <Headline label="Proxy CPU per 1,000 rps" value={millicores(cpuPerThousandRps(resources.proxy, rps))} />
          <Headline label="Proxy memory per pod" value={mebibytes(resources.proxy?.memoryPerPodMiB)} />
          <Headline label="Control plane CPU" value={millicores(resources.controlPlane?.cpuMeanMillicores)} />
          <Headline label="Control plane memory" value={mebibytes(resources.controlPlane?.memoryMeanMiB)} />
        </Stack>
      ) : null}
      {measured.length === 0 ? (
        <Typography variant="body2">The metrics API had no figures for these pods during the run.</Typography>
      ) : (
        <Table size="small" aria-label="Resources">
          <TableHead>
            <TableRow>
              <TableCell>Pods</TableCell>
              <TableCell align="right">Count</TableCell>
              <TableCell align="right">CPU mean (max)</TableCell>
              <TableCell align="right">Memory mean (max)</TableCell>
              <TableCell align="right">Memory per pod</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {measured.map(({ label, summary }) => (
              <TableRow key={label}>
                <TableCell>{label}</TableCell>
                <TableCell align="right">{summary?.pods}</TableCell>
                <TableCell align="right">
                  {millicores(summary?.cpuMeanMillicores)} ({millicores(summary?.cpuMaxMillicores)})
                </TableCell>
                <TableCell align="right">
                  {mebibytes(summary?.memoryMeanMiB)} ({mebibytes(summary?.memoryMaxMiB)})
                </TableCell>
                <TableCell align="right">{mebibytes(summary?.memoryPerPodMiB)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="body2" color="text.secondary">
        Sums over each group&apos;s pods, read from the metrics API every few seconds while the run lasted; CPU in millicores.
      </Typography>
    </Stack>
  );
}
