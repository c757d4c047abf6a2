import { useTheme } from '@mui/material/styles';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PerfProgress, TimelineSecond } from '../../api';
import { axisTick, chartMargin, tooltipTheme, xAxisLabel, yAxisLabel } from './chartTheme';
import { formatMs, formatRps } from './perfFormat';

type Second = Pick<PerfProgress | TimelineSecond, 'second' | 'rps' | 'p50Ms' | 'p99Ms'>;

/** Requests per second (left axis) and p50/p99 latency (right axis), one point per second. */
export function LiveRunChart({ seconds, height = 260 }: { seconds: readonly Second[]; height?: number }) {
  const theme = useTheme();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={seconds as Second[]} margin={chartMargin}>
        <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
        <XAxis dataKey="second" type="number" domain={[1, 'dataMax']} allowDecimals={false} unit=" s" tick={axisTick(theme)} label={xAxisLabel(theme, 'time')} />
        <YAxis yAxisId="rps" tickFormatter={formatRps} width={64} tick={axisTick(theme)} label={yAxisLabel(theme, 'requests/s')} />
        <YAxis
          yAxisId="ms"
          orientation="right"
          unit=" ms"
          width={72}
          tick={axisTick(theme)}
          label={{ ...yAxisLabel(theme, 'latency'), angle: 90, position: 'insideRight' as const }}
        />
        <Tooltip
          {...tooltipTheme(theme)}
          formatter={(value, name) => (String(name).startsWith('p') ? formatMs(Number(value)) : formatRps(Number(value)))} />
        <Legend />
        <Line yAxisId="rps" dataKey="rps" name="requests/s" stroke={theme.palette.primary.main} dot={false} isAnimationActive={false} />
        <Line yAxisId="ms" dataKey="p50Ms" name="p50" stroke={theme.palette.success.main} dot={false} isAnimationActive={false} />
        <Line yAxisId="ms" dataKey="p99Ms" name="p99" stroke={theme.palette.warning.main} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
