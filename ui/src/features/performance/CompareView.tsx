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
import { deltaMetrics, deltaTone, formatDelta, type DeltaTone } from './compareMath';
import { toShares } from './percentileAxis';
import { formatMs, formatRps } from './perfFormat';

const toneColor: Record<DeltaTone, string | undefined> = { worse: 'error.main', better: 'success.main', same: undefined, unknown: undefined };

const percentiles: { label: string; pick: (latency: LatencySummary) => number | undefined }[] = [
  { label: 'p50', pick: (l) => l.p50Ms },
  { label: 'p75', pick: (l) => l.p75Ms },
  { label: 'p90', pick: (l) => l.p90Ms },
  { label: 'p99', pick: (l) => l.p99Ms },
  { label: 'p99.9', pick: (l) => l.p999Ms },
  { label: 'max', pick: (l) => l.maxMs },
];

function Distributions({ runs }: { runs: PerfComparedRun[] }) {
  const theme = useTheme();
  const colors = [theme.palette.primary.main, theme.palette.secondary.main, theme.palette.success.main, theme.palette.warning.main, theme.palette.error.main, theme.palette.info.main];
  const drawn = runs.filter((item) => item.distribution && item.distribution.length > 0);
  if (drawn.length === 0) return <Typography variant="body2">None of these runs carries a latency distribution (imported runs do not).</Typography>;
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
        <XAxis dataKey="ms" type="number" scale="log" domain={['auto', 'auto']} allowDataOverflow tickFormatter={(value: number) => formatMs(value)} />
        <YAxis dataKey="share" unit=" %" width={56} />
        <Tooltip labelFormatter={(value) => `≈ ${formatMs(Number(value))}`} formatter={(value) => `${Number(value).toFixed(2)} %`} />
        <Legend />
        {drawn.map((item, index) => (
          <Line
            key={item.run.id}
            data={toShares(item.distribution ?? [])}
            dataKey="share"
            name={item.run.name}
            stroke={colors[index % colors.length]}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Runs side by side against the first as the baseline: percentiles, deltas coloured worse/better, distributions. */
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
          {runs.length > 0 ? (
            <>
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
              <Typography variant="h4">Latency distributions</Typography>
              <Distributions runs={runs} />
            </>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
