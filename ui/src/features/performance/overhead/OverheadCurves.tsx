import { useTheme } from '@mui/material/styles';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OverheadCurve } from '../../../api';
import { axisTick, chartMargin, tooltipTheme, xAxisLabel, yAxisLabel } from '../chartTheme';
import { formatPercentileTick, maxNines, percentileTicks, toCurve } from '../percentileAxis';
import { formatMs } from '../perfFormat';

/**
 * Every run's latency by percentile, overlaid: one colour per namespace (plain, meshed, meshed with the filter), one
 * line per round, even rounds dashed.
 */
export function OverheadCurves({ curves }: { curves: readonly OverheadCurve[] }) {
  const theme = useTheme();
  const colours: Record<OverheadCurve['variant'], string> = {
    plain: theme.palette.primary.main,
    meshed: theme.palette.error.main,
    filtered: theme.palette.warning.main,
  };
  return (
    <ResponsiveContainer width="100%" height={300}>
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
        <Tooltip {...tooltipTheme(theme)} labelFormatter={() => ''} formatter={(value, name) => [formatMs(Number(value)), name]} />
        <Legend />
        {curves.map((curve) => (
          <Line
            key={curve.runId}
            data={toCurve(curve.percentileCurve)}
            dataKey="valueMs"
            name={`${curve.variant}, round ${curve.round}`}
            stroke={colours[curve.variant]}
            strokeDasharray={curve.round % 2 === 0 ? '5 3' : undefined}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
