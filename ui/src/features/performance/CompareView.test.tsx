import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../api/transport';
import { stubChartSize } from '../../test/chartSize';
import { fakeTransport } from '../../test/fakeTransport';
import { latencyStats, perfRun } from '../../test/perfFixtures';
import { renderApp } from '../../test/renderApp';
import { CompareView } from './CompareView';

afterEach(() => setTransport(undefined));

describe('CompareView', () => {
  it('shows percentiles side by side and colours each delta worse or better than the baseline', async () => {
    stubChartSize();
    const curve = latencyStats().percentileCurve;
    const distribution = latencyStats().distribution;
    setTransport(
      fakeTransport({
        'GET /api/perf/compare?ids=a,b': () => ({
          baseline: 'a',
          runs: [
            { run: perfRun({ id: 'a', name: 'no mesh' }), deltas: null, distribution, percentileCurve: curve },
            {
              run: perfRun({ id: 'b', name: 'istio' }),
              deltas: { p50Ms: 0.8, p90Ms: -0.25, p99Ms: 2.5, throughputPercent: -12.5 },
              distribution,
              percentileCurve: curve,
            },
          ],
        }),
      }).transport,
    );
    const app = renderApp(<CompareView runIds={['a', 'b']} onClose={() => undefined} />);

    const side = await screen.findByRole('table', { name: 'Percentiles side by side' });
    expect(within(side).getByText('no mesh (baseline)')).toBeInTheDocument();
    expect(within(side).getAllByRole('row')).toHaveLength(3);

    const deltas = screen.getByRole('table', { name: 'Deltas against the baseline' });
    const row = within(deltas).getByRole('row', { name: /istio/ });
    const cells = within(row).getAllByRole('cell');
    expect(cells.slice(1).map((cell) => [cell.textContent, cell.dataset.tone])).toEqual([
      ['+0.800 ms', 'worse'],
      ['−0.250 ms', 'better'],
      ['+2.50 ms', 'worse'],
      ['−12.5 %', 'worse'],
    ]);
    expect(getComputedStyle(cells[1]!).color).not.toBe(getComputedStyle(cells[2]!).color);
    expect(within(deltas).queryByText('no mesh')).not.toBeInTheDocument();
    // One overlaid line per run.
    await waitFor(() => expect(app.container.querySelectorAll('.recharts-line')).toHaveLength(2));
    app.live.stop();
  });
});
