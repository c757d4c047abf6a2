import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../api/transport';
import { stubChartSize } from '../../test/chartSize';
import { fakeTransport } from '../../test/fakeTransport';
import { latencyStats, perfRun } from '../../test/perfFixtures';
import { renderApp } from '../../test/renderApp';
import PerformancePage, { compareIdsFrom } from './PerformancePage';

afterEach(() => setTransport(undefined));

describe('compareIdsFrom', () => {
  it('takes two or more run ids, the baseline first, and nothing less', () => {
    expect(compareIdsFrom('a,b')).toEqual(['a', 'b']);
    expect(compareIdsFrom(' a , b ,c,')).toEqual(['a', 'b', 'c']);
    expect(compareIdsFrom('a')).toBeNull();
    expect(compareIdsFrom('')).toBeNull();
    expect(compareIdsFrom(null)).toBeNull();
  });
});

describe('PerformancePage', () => {
  it('opens the comparison that a link names in its compare query', async () => {
    stubChartSize();
    const { distribution, percentileCurve } = latencyStats();
    setTransport(
      fakeTransport({
        'GET /api/perf/profiles': () => [],
        'GET /api/perf/runs': () => [],
        'GET /api/perf/runs?limit=100': () => [],
        'GET /api/perf/compare?ids=without,with': () => ({
          baseline: 'without',
          warnings: [],
          runs: [
            { run: perfRun({ id: 'without', name: 'no filter' }), outcome: null, deltas: null, distribution, percentileCurve },
            {
              run: perfRun({ id: 'with', name: 'rate-limit filter' }),
              outcome: null,
              deltas: { p50Ms: 0.1, p90Ms: 0.2, p99Ms: 0.3, throughputPercent: -1, successRatePoints: null, goodRpsPercent: null },
              distribution,
              percentileCurve,
            },
          ],
        }),
      }).transport,
    );

    const app = renderApp(<PerformancePage />, { path: '/performance?compare=without,with' });

    expect(await screen.findByRole('table', { name: 'Percentiles side by side' })).toBeInTheDocument();
    expect(screen.getByText('no filter (baseline)')).toBeInTheDocument();
    app.live.stop();
  });
});
