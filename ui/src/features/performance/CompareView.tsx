import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import { useTheme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { usePerfCompare, type LatencySummary, type PerfComparedRun } from '../../api';
import { axisTick, chartMargin, tooltipTheme, xAxisLabel, yAxisLabel } from './chartTheme';
import { deltaMetrics, deltaTone, formatDelta, type DeltaTone } from './compareMath';
import { GrpcOutcomes } from './GrpcOutcomes';
import { formatPercentileTick, maxNines, percentileTicks, toCurve, toShares } from './percentileAxis';
import { formatCount, formatMs, formatRps } from './perfFormat';

const toneColor: Record<DeltaTone, string | undefined> = { worse: 'error.main', better: 'success.main', same: undefined, unknown: undefined };

const percentiles: { label: string; pick: (latency: LatencySummary) => number | undefined }[] = [
  { label: 'p50', pick: (l) => l.p50Ms },
  { label: 'p75', pick: (l) => l.p75Ms },
  { label: 'p90', pick: (l) => l.p90Ms },
  { label: 'p99', pick: (l) => l.p99Ms },
  { label: 'p99.9', pick: (l) => l.p999Ms },
  { label: 'max', pick: (l) => l.maxMs },
];

const formatRate = (percent: number | null) => (percent === null ? '—' : `${percent.toFixed(percent === 100 || percent === 0 ? 0 : 1)} %`);

function useRunColors() {
  const theme = useTheme();
  return [theme.palette.primary.main, theme.palette.secondary.main, theme.palette.success.main, theme.palette.warning.main, theme.palette.error.main, theme.palette.info.main];
}

/**
 * What each run's requests got back: the figure that shows a rate limit working, which latency and throughput hide.
 * HTTP runs count by HTTP status and gRPC runs by gRPC code, each in its own table.
 */
function Outcomes({ runs, baseline }: { runs: PerfComparedRun[]; baseline: string | undefined }) {
  if (runs.every((item) => !item.outcome && !item.grpcOutcome)) return <Typography variant="body2">None of these runs carries status codes.</Typography>;
  const grpc = runs.filter((item) => item.grpcOutcome);
  const http = runs.filter((item) => !item.grpcOutcome);
  return (
    <>
      {http.some((item) => item.outcome) || grpc.length === 0 ? <HttpOutcomes runs={http} baseline={baseline} /> : null}
      {grpc.length > 0 ? <GrpcOutcomes runs={grpc} baseline={baseline} /> : null}
    </>
  );
}

function HttpOutcomes({ runs, baseline }: { runs: PerfComparedRun[]; baseline: string | undefined }) {
  return (
    <Table size="small" aria-label="Status codes side by side">
      <TableHead>
        <TableRow>
          <TableCell>Run</TableCell>
          <TableCell align="right">Success rate</TableCell>
          <TableCell align="right">Good throughput</TableCell>
          <TableCell align="right">2xx</TableCell>
          <TableCell align="right">3xx</TableCell>
          <TableCell align="right">4xx</TableCell>
          <TableCell align="right">5xx</TableCell>
          <TableCell align="right">Socket errors</TableCell>
          <TableCell>Top codes</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {runs.map(({ run, outcome }) => (
          <TableRow key={run.id}>
            <TableCell>
              {run.name}
              {run.id === baseline ? ' (baseline)' : ''}
            </TableCell>
            <TableCell align="right">{formatRate(outcome?.successRatePercent ?? null)}</TableCell>
            <TableCell align="right">{outcome?.goodRps == null ? '—' : `${formatRps(outcome.goodRps)} 2xx/s`}</TableCell>
            <TableCell align="right">{formatCount(outcome?.success2xx)}</TableCell>
            <TableCell align="right">{formatCount(outcome?.redirect3xx)}</TableCell>
            <TableCell align="right">{formatCount(outcome?.clientError4xx)}</TableCell>
            <TableCell align="right">{formatCount(outcome?.serverError5xx)}</TableCell>
            <TableCell align="right">{formatCount(outcome?.socketErrors)}</TableCell>
            <TableCell>{outcome ? outcome.topCodes.map((code) => `${code.code} × ${formatCount(code.count)}`).join(', ') || '—' : '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Latency by percentile, one line per run, on the log10(1/(1−p)) axis so the tails are as wide as the median. */
function PercentileCurves({ runs }: { runs: PerfComparedRun[] }) {
  const theme = useTheme();
  const colors = useRunColors();
  const drawn = runs.filter((item) => item.percentileCurve && item.percentileCurve.length > 0);
  if (drawn.length === 0) return <Typography variant="body2">None of these runs carries a percentile curve (imported runs do not).</Typography>;
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart margin={chartMargin} aria-label="Percentile curves overlaid">
        <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
        <XAxis dataKey="x" type="number" domain={[0, maxNines]} ticks={percentileTicks} tickFormatter={formatPercentileTick} tick={axisTick(theme)} label={xAxisLabel(theme, 'percentile')} />
        <YAxis dataKey="valueMs" width={72} tickFormatter={(value: number) => formatMs(value)} tick={axisTick(theme)} label={yAxisLabel(theme, 'latency')} />
        <Tooltip
          {...tooltipTheme(theme)}
          labelFormatter={() => ''}
          formatter={(value, name, item) => [formatMs(Number(value)), `${name} at ${(item.payload as { percentile: number }).percentile.toFixed(4)} %`]}
        />
        <Legend />
        {drawn.map((item) => (
          <Line
            key={item.run.id}
            data={toCurve(item.percentileCurve ?? [])}
            dataKey="valueMs"
            name={item.run.name}
            stroke={colors[runs.indexOf(item) % colors.length]}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

function Distributions({ runs }: { runs: PerfComparedRun[] }) {
  const theme = useTheme();
  const colors = useRunColors();
  const drawn = runs.filter((item) => item.distribution && item.distribution.length > 0);
  if (drawn.length === 0) return <Typography variant="body2">None of these runs carries a latency distribution (imported runs do not).</Typography>;
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart margin={chartMargin}>
        <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
        <XAxis
          dataKey="ms"
          type="number"
          scale="log"
          domain={['auto', 'auto']}
          allowDataOverflow
          tickFormatter={(value: number) => formatMs(value)}
          tick={axisTick(theme)}
          label={xAxisLabel(theme, 'latency')}
        />
        <YAxis dataKey="share" unit=" %" width={64} tick={axisTick(theme)} label={yAxisLabel(theme, 'share of requests')} />
        <Tooltip {...tooltipTheme(theme)} labelFormatter={(value) => `≈ ${formatMs(Number(value))}`} formatter={(value) => `${Number(value).toFixed(2)} %`} />
        <Legend />
        {drawn.map((item) => (
          <Line
            key={item.run.id}
            data={toShares(item.distribution ?? [])}
            dataKey="share"
            name={item.run.name}
            stroke={colors[runs.indexOf(item) % colors.length]}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

/**
 * Runs side by side against the first as the baseline: what the requests got back, percentiles, deltas coloured
 * worse/better, percentile curves and distributions overlaid. Warns when the runs were generated differently.
 */
export function CompareView({ runIds, onClose }: { runIds: string[]; onClose: () => void }) {
  const comparison = usePerfCompare(runIds);
  const runs = comparison.data?.runs ?? [];
  return (
    <Card variant="outlined" aria-label="Compare runs">
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" alignItems="center">
            <Typography variant="h3" sx={{ flex: 1 }}>
              Compare {runIds.length} runs
            </Typography>
            <IconButton aria-label="Close comparison" onClick={onClose}>
              <CloseIcon />
            </IconButton>
          </Stack>
          {comparison.isPending ? <CircularProgress size={24} /> : null}
          {comparison.error ? <Alert severity="error">{comparison.error.message}</Alert> : null}
          {comparison.data?.warnings.map((warning) => (
            <Alert key={warning} severity="warning">
              {warning}
            </Alert>
          ))}
          {runs.length > 0 ? (
            <>
              <Typography variant="h4">Outcome</Typography>
              <Outcomes runs={runs} baseline={comparison.data?.baseline} />
              <Typography variant="h4">Latency</Typography>
              <Table size="small" aria-label="Percentiles side by side">
                <TableHead>
                  <TableRow>
                    <TableCell>Run</TableCell>
                    <TableCell align="right">Requests/s</TableCell>
                    {percentiles.map((p) => (
                      <TableCell key={p.label} align="right">
                        {p.label}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {runs.map(({ run }) => (
                    <TableRow key={run.id}>
                      <TableCell>
                        {run.name}
                        {run.id === comparison.data?.baseline ? ' (baseline)' : ''}
                      </TableCell>
                      <TableCell align="right">{formatRps(run.summary?.actualRps)}</TableCell>
                      {percentiles.map((p) => (
                        <TableCell key={p.label} align="right">
                          {formatMs(run.summary?.latency ? p.pick(run.summary.latency) : undefined)}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Typography variant="h4">Against the baseline</Typography>
              <Table size="small" aria-label="Deltas against the baseline">
                <TableHead>
                  <TableRow>
                    <TableCell>Run</TableCell>
                    {deltaMetrics.map((d) => (
                      <TableCell key={d.metric} align="right">
                        {d.label}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {runs
                    .filter((item) => item.deltas !== null)
                    .map(({ run, deltas }) => (
                      <TableRow key={run.id}>
                        <TableCell>{run.name}</TableCell>
                        {deltaMetrics.map(({ metric }) => {
                          const value = deltas![metric];
                          const tone = deltaTone(metric, value);
                          return (
                            <TableCell key={metric} align="right" data-tone={tone} sx={{ color: toneColor[tone], fontWeight: toneColor[tone] ? 600 : undefined }}>
                              {formatDelta(metric, value)}
                            </TableCell>
                          );
                        })}
                      </TableRow>
                    ))}
                </TableBody>
              </Table>
              <Typography variant="h4">Percentile curves</Typography>
              <PercentileCurves runs={runs} />
              <Typography variant="h4">Latency distributions</Typography>
              <Distributions runs={runs} />
            </>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
