import { useTheme } from '@mui/material/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LatencyStats } from '../../api';
import { axisTick, chartMargin, tooltipTheme, xAxisLabel, yAxisLabel } from './chartTheme';
import { formatPercentileTick, maxNines, percentileTicks, toCurve } from './percentileAxis';
import { formatMs } from './perfFormat';

interface Props {
  latency: LatencyStats;
  /** The uncorrected service time, drawn beside the latency in the open model. */
  serviceTime?: LatencyStats | undefined;
}

const bucketLabel = (fromMs: number, toMs: number) => `${formatMs(fromMs)}–${formatMs(toMs)}`;

/** Requests per latency bucket (logarithmic buckets, 10 per decade). */
export function LatencyHistogram({ latency, serviceTime }: Props) {
  const theme = useTheme();
  const rows = new Map<number, { label: string; latency: number; serviceTime: number }>();
  for (const bucket of latency.distribution) rows.set(bucket.fromMs, { label: bucketLabel(bucket.fromMs, bucket.toMs), latency: bucket.count, serviceTime: 0 });
  for (const bucket of serviceTime?.distribution ?? []) {
    const row = rows.get(bucket.fromMs) ?? { label: bucketLabel(bucket.fromMs, bucket.toMs), latency: 0, serviceTime: 0 };
    rows.set(bucket.fromMs, { ...row, serviceTime: bucket.count });
  }
  const data = [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={data} margin={chartMargin}>
        <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
        <XAxis dataKey="label" interval="preserveStartEnd" minTickGap={24} tick={axisTick(theme)} label={xAxisLabel(theme, 'latency bucket')} />
        <YAxis width={64} tick={axisTick(theme)} label={yAxisLabel(theme, 'requests')} />
        <Tooltip {...tooltipTheme(theme)} />
        <Legend />
        <Bar dataKey="latency" name={serviceTime ? 'latency (corrected)' : 'requests'} fill={theme.palette.primary.main} isAnimationActive={false} />
        {serviceTime ? <Bar dataKey="serviceTime" name="service time (uncorrected)" fill={theme.palette.secondary.main} isAnimationActive={false} /> : null}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Latency by percentile on the x-axis log10(1/(1−p)): the tail (99 %, 99.9 %…) gets as much room as the median. */
export function PercentileCurve({ latency, serviceTime }: Props) {
  const theme = useTheme();
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart margin={chartMargin}>
        <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
        <XAxis
          dataKey="x"
          type="number"
          domain={[0, maxNines]}
          ticks={percentileTicks}
          tickFormatter={formatPercentileTick}
          tick={axisTick(theme)}
          label={xAxisLabel(theme, 'percentile')}
        />
        <YAxis dataKey="valueMs" unit=" ms" width={72} tick={axisTick(theme)} label={yAxisLabel(theme, 'latency')} />
        <Tooltip
          {...tooltipTheme(theme)}
          labelFormatter={() => ''}
          formatter={(value, name, item) => [formatMs(Number(value)), `${name} at ${(item.payload as { percentile: number }).percentile.toFixed(4)} %`]}
        />
        <Legend />
        <Line
          data={toCurve(latency.percentileCurve)}
          dataKey="valueMs"
          name={serviceTime ? 'latency (corrected)' : 'latency'}
          stroke={theme.palette.primary.main}
          dot={false}
          isAnimationActive={false}
        />
        {serviceTime ? (
          <Line
            data={toCurve(serviceTime.percentileCurve)}
            dataKey="valueMs"
            name="service time (uncorrected)"
            stroke={theme.palette.secondary.main}
            dot={false}
            isAnimationActive={false}
          />
        ) : null}
      </LineChart>
    </ResponsiveContainer>
  );
}
