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
          warnings: [],
          runs: [
            { run: perfRun({ id: 'a', name: 'no mesh' }), outcome: null, deltas: null, distribution, percentileCurve: curve },
            {
              run: perfRun({ id: 'b', name: 'istio' }),
              outcome: null,
              deltas: { p50Ms: 0.8, p90Ms: -0.25, p99Ms: 2.5, throughputPercent: -12.5, successRatePoints: null, goodRpsPercent: null },
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
      ['—', 'unknown'],
      ['—', 'unknown'],
    ]);
    expect(getComputedStyle(cells[1]!).color).not.toBe(getComputedStyle(cells[2]!).color);
    expect(within(deltas).queryByText('no mesh')).not.toBeInTheDocument();
    // One overlaid line per run, in the percentile curves and in the distributions.
    await waitFor(() => expect(app.container.querySelectorAll('.recharts-line')).toHaveLength(4));
    app.live.stop();
  });

  it("shows each run's status codes and success rate, the success and good-throughput deltas, and warns of unlike runs", async () => {
    stubChartSize();
    const outcome = (success2xx: number, clientError4xx: number, topCodes: { code: number; count: number }[]) => ({
      requests: success2xx + clientError4xx,
      success2xx,
      redirect3xx: 0,
      clientError4xx,
      serverError5xx: 0,
      socketErrors: 0,
      topCodes,
      successRatePercent: (100 * success2xx) / (success2xx + clientError4xx),
      goodRps: success2xx / 10,
    });
    const warning = 'The runs differ in load model (no filter: closed, rate-limit: open), so their throughput and latency do not measure the same thing.';
    setTransport(
      fakeTransport({
        'GET /api/perf/compare?ids=a,b': () => ({
          baseline: 'a',
          warnings: [warning],
          runs: [
            { run: perfRun({ id: 'a', name: 'no filter' }), outcome: outcome(500, 0, [{ code: 200, count: 500 }]), deltas: null, distribution: null, percentileCurve: null },
            {
              run: perfRun({ id: 'b', name: 'rate-limit' }),
              outcome: outcome(10, 490, [{ code: 429, count: 490 }, { code: 200, count: 10 }]),
              deltas: { p50Ms: 0, p90Ms: 0, p99Ms: 0, throughputPercent: 0, successRatePoints: -98, goodRpsPercent: -98 },
              distribution: null,
              percentileCurve: null,
            },
          ],
        }),
      }).transport,
    );
    const app = renderApp(<CompareView runIds={['a', 'b']} onClose={() => undefined} />);

    expect(await screen.findByText(warning)).toBeInTheDocument();
    const codes = screen.getByRole('table', { name: 'Status codes side by side' });
    const limited = within(codes).getByRole('row', { name: /rate-limit/ });
    expect(within(limited).getAllByRole('cell').map((cell) => cell.textContent)).toEqual([
      'rate-limit',
      '2.0 %',
      '1.0 2xx/s',
      '10',
      '0',
      '490',
      '0',
      '0',
      '429 × 490, 200 × 10',
    ]);
    expect(within(within(codes).getByRole('row', { name: /no filter/ })).getAllByRole('cell')[1]).toHaveTextContent('100 %');

    const deltas = screen.getByRole('table', { name: 'Deltas against the baseline' });
    const cells = within(within(deltas).getByRole('row', { name: /rate-limit/ })).getAllByRole('cell');
    expect(cells.slice(-3).map((cell) => [cell.textContent, cell.dataset.tone])).toEqual([
      ['±0 %', 'same'],
      ['−98.0 pp', 'worse'],
      ['−98.0 %', 'worse'],
    ]);
    app.live.stop();
  });

  it('counts a gRPC run by gRPC code in its own table, never as 2xx, beside an HTTP run and the warning that they are unlike', async () => {
    stubChartSize();
    const warning = 'The runs differ in protocol (checkout: gRPC, productpage: HTTP), so their outcomes are unlike.';
    const grpcRun = perfRun({
      id: 'g',
      name: 'checkout',
      spec: { urls: ['grpc://checkout:50051/shop.Checkout/Pay'], model: 'closed', http2: false, insecureSkipVerify: false },
    });
    setTransport(
      fakeTransport({
        'GET /api/perf/compare?ids=g,h': () => ({
          baseline: 'g',
          warnings: [warning],
          runs: [
            {
              run: grpcRun,
              outcome: null,
              grpcOutcome: {
                requests: 1000,
                ok: 900,
                notOk: 95,
                httpErrors: 3,
                socketErrors: 2,
                topCodes: [
                  { name: 'OK', count: 900 },
                  { name: 'UNAVAILABLE', count: 80 },
                ],
                successRatePercent: 90,
                goodRps: 30,
              },
              deltas: null,
              distribution: null,
              percentileCurve: null,
            },
            {
              run: perfRun({ id: 'h', name: 'productpage' }),
              outcome: { requests: 10, success2xx: 10, redirect3xx: 0, clientError4xx: 0, serverError5xx: 0, socketErrors: 0, topCodes: [{ code: 200, count: 10 }], successRatePercent: 100, goodRps: 1 },
              grpcOutcome: null,
              deltas: { p50Ms: 0, p90Ms: 0, p99Ms: 0, throughputPercent: 0, successRatePoints: 10, goodRpsPercent: -96.7 },
              distribution: null,
              percentileCurve: null,
            },
          ],
        }),
      }).transport,
    );
    const app = renderApp(<CompareView runIds={['g', 'h']} onClose={() => undefined} />);

    expect(await screen.findByText(warning)).toBeInTheDocument();
    const grpc = screen.getByRole('table', { name: 'gRPC codes side by side' });
    expect(within(within(grpc).getByRole('row', { name: /checkout/ })).getAllByRole('cell').map((cell) => cell.textContent)).toEqual([
      'checkout (baseline)',
      '90.0 %',
      '30.0 OK/s',
      '900',
      '95',
      '3',
      '2',
      'OK × 900, UNAVAILABLE × 80',
    ]);
    expect(within(grpc).queryByText(/productpage/)).not.toBeInTheDocument();
    const http = screen.getByRole('table', { name: 'Status codes side by side' });
    expect(within(http).queryByText(/checkout/)).not.toBeInTheDocument();
    expect(within(within(http).getByRole('row', { name: /productpage/ })).getAllByRole('cell')[3]).toHaveTextContent('10');
    app.live.stop();
  });
});
