import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubChartSize } from '../../test/chartSize';
import { latencyStats } from '../../test/perfFixtures';
import { AppThemeProvider } from '../../theme/AppThemeProvider';
import { PercentileCurve } from './LatencyCharts';

/** The points of an SVG path drawn with straight segments ("M x,y L x,y …"). */
function points(path: string): { x: number; y: number }[] {
  return [...path.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((match) => ({ x: Number(match[1]), y: Number(match[2]) }));
}

describe('PercentileCurve', () => {
  it('draws one point per point of the result’s percentile curve, left to right, higher latency higher up', () => {
    stubChartSize();
    const curve = [
      { percentile: 0, valueMs: 0.5 },
      { percentile: 50, valueMs: 1 },
      { percentile: 90, valueMs: 2 },
      { percentile: 99, valueMs: 4 },
      { percentile: 99.9, valueMs: 8 },
    ];
    const { container } = render(
      <AppThemeProvider>
        <PercentileCurve latency={latencyStats({ percentileCurve: curve })} />
      </AppThemeProvider>,
    );

    const lines = container.querySelectorAll('.recharts-line-curve');
    expect(lines).toHaveLength(1);
    const drawn = points(lines[0]!.getAttribute('d') ?? '');
    expect(drawn).toHaveLength(curve.length);
    // x = log10(1/(1-p)): 90 %, 99 % and 99.9 % are one decade of nines apart; 50 % → 90 % is 1 − log10(2) of one.
    const [, fifty, ninety, ninetyNine, ninetyNinePointNine] = drawn.map((point) => point.x);
    const decade = ninetyNine! - ninety!;
    expect(ninetyNinePointNine! - ninetyNine!).toBeCloseTo(decade, 3);
    expect((ninety! - fifty!) / decade).toBeCloseTo(1 - Math.log10(2), 3);
    for (let index = 1; index < drawn.length; index++) {
      expect(drawn[index]!.x).toBeGreaterThan(drawn[index - 1]!.x);
      expect(drawn[index]!.y).toBeLessThan(drawn[index - 1]!.y); // SVG y grows downwards
    }
    expect(container.textContent).toContain('99.9%');
  });

  it('overlays the uncorrected service time as a second curve in the open model', () => {
    stubChartSize();
    const { container } = render(
      <AppThemeProvider>
        <PercentileCurve latency={latencyStats()} serviceTime={latencyStats({ percentileCurve: [{ percentile: 0, valueMs: 0.1 }, { percentile: 100, valueMs: 2 }] })} />
      </AppThemeProvider>,
    );

    const lines = [...container.querySelectorAll('.recharts-line-curve')].map((line) => points(line.getAttribute('d') ?? ''));
    expect(lines.map((line) => line.length)).toEqual([latencyStats().percentileCurve.length, 2]);
    expect(container.textContent).toContain('service time (uncorrected)');
  });
});
