import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { LatencyStats, LoadResult, PerfRun } from '../../api';
import { LatencyHistogram, PercentileCurve } from './LatencyCharts';
import { LiveRunChart } from './LiveRunChart';
import { PlacementNote } from './PlacementNote';
import { RunResources } from './RunResources';
import { formatBytes, formatCount, formatMs, formatRps } from './perfFormat';

const errorKindLabels = { connectRefused: 'Connection refused', timeout: 'Timeout', tls: 'TLS', reset: 'Reset', other: 'Other' } as const;

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h4">{value}</Typography>
    </Box>
  );
}

const percentileRows: { label: string; pick: (stats: LatencyStats) => number }[] = [
  { label: 'min', pick: (s) => s.minMs },
  { label: 'p50', pick: (s) => s.p50Ms },
  { label: 'p75', pick: (s) => s.p75Ms },
  { label: 'p90', pick: (s) => s.p90Ms },
  { label: 'p99', pick: (s) => s.p99Ms },
  { label: 'p99.9', pick: (s) => s.p999Ms },
  { label: 'p99.99', pick: (s) => s.p9999Ms },
  { label: 'max', pick: (s) => s.maxMs },
  { label: 'mean', pick: (s) => s.meanMs },
  { label: 'std dev', pick: (s) => s.stdDevMs },
];

function PercentileTable({ result, open }: { result: LoadResult; open: boolean }) {
  return (
    <Table size="small" aria-label="Latency percentiles">
      <TableHead>
        <TableRow>
          <TableCell />
          <TableCell align="right">{open ? 'Latency (corrected)' : 'Latency'}</TableCell>
          {open ? <TableCell align="right">Service time (uncorrected)</TableCell> : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {percentileRows.map((row) => (
          <TableRow key={row.label}>
            <TableCell>{row.label}</TableCell>
            <TableCell align="right">{formatMs(row.pick(result.latency))}</TableCell>
            {open ? <TableCell align="right">{formatMs(row.pick(result.serviceTime))}</TableCell> : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ScheduleNote({ result }: { result: LoadResult }) {
  const schedule = result.schedule;
  if (!schedule) return null;
  if (schedule.late === 0 && schedule.missed === 0)
    return <Alert severity="success">The generator kept to the schedule: all {formatCount(schedule.scheduled)} requests went out on time.</Alert>;
  return (
    <Alert severity="warning">
      The generator fell behind: {formatCount(schedule.late)} of {formatCount(schedule.scheduled)} requests were sent more than{' '}
      {formatMs(schedule.lateThresholdMs)} late (p50 {formatMs(schedule.latenessP50Ms)}, p99 {formatMs(schedule.latenessP99Ms)}, max{' '}
      {formatMs(schedule.latenessMaxMs)}){schedule.missed > 0 ? ` and ${formatCount(schedule.missed)} were never sent` : ''}. The
      corrected latency counts that wait; lower the rate or add connections if the target should keep up.
    </Alert>
  );
}

function StatusCodes({ codes }: { codes: Record<string, number> }) {
  const entries = Object.entries(codes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <Typography variant="body2">No HTTP responses.</Typography>;
  return (
    <Table size="small" aria-label="Status codes">
      <TableHead>
        <TableRow>
          <TableCell>Status</TableCell>
          <TableCell align="right">Responses</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map(([code, count]) => (
          <TableRow key={code}>
            <TableCell sx={{ color: Number(code) >= 400 ? 'error.main' : undefined }}>{code}</TableCell>
            <TableCell align="right">{formatCount(count)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** gRPC answers by grpc-status, under the names gRPC gives its codes; anything but OK is a failed call. */
function GrpcStatusCodes({ codes }: { codes: Record<string, number> }) {
  const entries = Object.entries(codes).sort(([a], [b]) => (a === 'OK' ? -1 : b === 'OK' ? 1 : a.localeCompare(b)));
  if (entries.length === 0) return <Typography variant="body2">No gRPC answers.</Typography>;
  return (
    <Table size="small" aria-label="gRPC status codes">
      <TableHead>
        <TableRow>
          <TableCell>gRPC status</TableCell>
          <TableCell align="right">Calls</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map(([code, count]) => (
          <TableRow key={code}>
            <TableCell sx={{ color: code === 'OK' ? undefined : 'error.main' }}>{code}</TableCell>
            <TableCell align="right">{formatCount(count)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const isGrpcRun = (run: PerfRun) => run.spec.urls.length > 0 && run.spec.urls.every((url) => /^grpcs?:\/\//i.test(url));

function Errors({ result, grpc }: { result: LoadResult; grpc: boolean }) {
  if (result.errors.length === 0)
    return <Typography variant="body2">{grpc ? 'Every call got an answer.' : 'Every request got an HTTP response.'}</Typography>;
  return (
    <Table size="small" aria-label="Errors">
      <TableHead>
        <TableRow>
          <TableCell>Kind</TableCell>
          <TableCell align="right">Requests</TableCell>
          <TableCell>First message</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {result.errors.map((error) => (
          <TableRow key={error.kind}>
            <TableCell>{errorKindLabels[error.kind]}</TableCell>
            <TableCell align="right">{formatCount(error.count)}</TableCell>
            <TableCell>{error.firstMessage}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Box component="section" aria-label={title}>
      <Typography variant="h4" gutterBottom>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** A finished run: headline figures, latency charts and tables, status codes and errors. */
export function RunResult({ run }: { run: PerfRun }) {
  const result = run.result;
  const open = run.spec.model === 'open';
  const grpc = isGrpcRun(run);
  const grpcCodes = result?.grpcStatusCodes ?? {};
  if (!result) {
    // Imported runs carry only the SMP summary.
    const summary = run.summary;
    return summary ? (
      <Stack spacing={2}>
        <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
          <Figure label="Requests" value={formatCount(summary.requests)} />
          <Figure label="Requests/s" value={formatRps(summary.actualRps)} />
          <Figure label="p50" value={formatMs(summary.latency?.p50Ms)} />
          <Figure label="p90" value={formatMs(summary.latency?.p90Ms)} />
          <Figure label="p99" value={formatMs(summary.latency?.p99Ms)} />
          <Figure label="max" value={formatMs(summary.latency?.maxMs)} />
        </Stack>
        <Typography variant="body2" color="text.secondary">
          This run was imported from an SMP file, which carries summary figures only: no histogram or timeline.
        </Typography>
      </Stack>
    ) : (
      <Alert severity="info">This run has no result: it ended before measuring anything.</Alert>
    );
  }
  return (
    <Stack spacing={3}>
      {result.cancelled ? <Alert severity="info">The run was cancelled; the figures cover what was measured until then.</Alert> : null}
      <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
        <Figure label="Requests" value={formatCount(result.requests)} />
        <Figure label="Requests/s" value={formatRps(result.actualRps)} />
        <Figure label="p50" value={formatMs(result.latency.p50Ms)} />
        <Figure label="p99" value={formatMs(result.latency.p99Ms)} />
        {grpc ? (
          <Figure label="Failed calls" value={formatCount(result.requests - (grpcCodes.OK ?? 0))} />
        ) : (
          <Figure label="Errors" value={formatCount(result.requests - result.responses)} />
        )}
        <Figure label="Duration" value={`${result.durationSeconds.toFixed(1)} s`} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {formatBytes(result.bytesSent)} sent, {formatBytes(result.bytesReceived)} received
        {result.warmupRequests > 0 ? `; ${formatCount(result.warmupRequests)} warm-up requests not counted` : ''}.
      </Typography>
      <PlacementNote placement={run.summary?.placement} />
      <ScheduleNote result={result} />
      {open ? (
        <Typography variant="body2">
          Latency is measured from when each request was due to be sent, so a stall that delays later requests counts
          against them (coordinated-omission corrected); service time is measured from when it was actually sent and
          hides such stalls.
        </Typography>
      ) : null}
      <Section title="Latency distribution">
        <LatencyHistogram latency={result.latency} serviceTime={open ? result.serviceTime : undefined} />
      </Section>
      <Section title="Latency by percentile">
        <PercentileCurve latency={result.latency} serviceTime={open ? result.serviceTime : undefined} />
      </Section>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} alignItems="flex-start">
        <Box sx={{ flex: 1 }}>
          <Section title="Percentiles">
            <PercentileTable result={result} open={open} />
          </Section>
        </Box>
        <Box sx={{ flex: 1 }}>
          {grpc ? (
            <Section title="gRPC status codes">
              <GrpcStatusCodes codes={grpcCodes} />
            </Section>
          ) : (
            <Section title="Status codes">
              <StatusCodes codes={result.statusCodes} />
            </Section>
          )}
          <Box sx={{ mt: 3 }}>
            <Section title="Errors">
              <Errors result={result} grpc={grpc} />
            </Section>
          </Box>
        </Box>
      </Stack>
      {run.summary?.resources ? (
        <Section title="Resources">
          <RunResources resources={run.summary.resources} rps={result.actualRps} />
        </Section>
      ) : null}
      {result.timeline.length > 0 ? (
        <Section title="Second by second">
          <LiveRunChart seconds={result.timeline} height={220} />
        </Section>
      ) : null}
    </Stack>
  );
}
