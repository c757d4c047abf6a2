import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { OverheadFigure, OverheadReport } from '../../../api';
import { setTransport } from '../../../api/transport';
import { stubChartSize } from '../../../test/chartSize';
import { fakeTransport } from '../../../test/fakeTransport';
import { latencyStats } from '../../../test/perfFixtures';
import { renderApp } from '../../../test/renderApp';
import { OverheadReportView } from './OverheadReportView';

afterEach(() => setTransport(undefined));

const figure = (key: string, label: string, unit: string, plain: number | null, meshed: number, deltaMin: number, deltaMax: number): OverheadFigure => ({
  key,
  label,
  unit,
  plain,
  meshed,
  delta: plain === null ? meshed : meshed - plain,
  deltaMin,
  deltaMax,
});

const round = (variant: 'plain' | 'meshed', n: number) => ({
  round: n,
  runId: `${variant}-${n}`,
  status: 'succeeded',
  summary: null,
  resources: { app: null, proxy: null, controlPlane: null },
});

const report: OverheadReport = {
  id: 'r1',
  name: 'What Istio costs (httpbin)',
  status: 'succeeded',
  meshId: 'istio',
  meshName: 'Istio',
  meshVersion: '1.30.3',
  workload: 'httpbin',
  profile: { urls: [], model: 'open', rps: 1000, connections: 16, durationSeconds: 30, warmupSeconds: 5, http2: false, insecureSkipVerify: false },
  rounds: 2,
  createdAt: '2026-12-05T18:00:00Z',
  resourcesMissing: null,
  variants: [
    { key: 'plain', namespace: 'overhead-aaaa-plain', rounds: [round('plain', 1), round('plain', 2)] },
    { key: 'meshed', namespace: 'overhead-aaaa-meshed', rounds: [round('meshed', 1), round('meshed', 2)] },
  ],
  figures: [
    figure('p99', 'Latency p99', 'ms', 1.5, 4.25, 2.5, 3),
    figure('throughput', 'Throughput', 'rps', 1000, 998, -3, -1),
    figure('proxyCpuPer1000Rps', 'Proxy CPU per 1,000 rps', 'millicores', null, 180, 170, 190),
  ],
};

describe('OverheadReportView', () => {
  it('shows each figure plain, meshed, its delta and its spread across rounds, overlays every run, and exports', async () => {
    stubChartSize();
    const curve = latencyStats().percentileCurve;
    const { transport, calls } = fakeTransport({
      'GET /api/perf/overhead/r1': () => report,
      'GET /api/perf/overhead/r1/latency': () =>
        report.variants.flatMap((v) => v.rounds.map((r) => ({ variant: v.key, round: r.round, runId: r.runId, percentileCurve: curve }))),
      'GET /api/perf/overhead/r1/html': () => '<!DOCTYPE html><svg></svg>',
    });
    setTransport(transport);
    const app = renderApp(<OverheadReportView reportId="r1" onClose={() => undefined} />);

    const table = await screen.findByRole('table', { name: 'What the mesh costs' });
    const p99 = within(table).getByRole('row', { name: /Latency p99/ });
    expect(within(p99).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['1.50 ms', '4.25 ms', '+2.75 ms', '+2.50 ms … +3.00 ms']);
    const throughput = within(table).getByRole('row', { name: /Throughput/ });
    expect(within(throughput).getAllByRole('cell')[2]!.textContent).toBe('−2.00 rps');
    // A figure only the mesh has: no plain value, and its "delta" is the value itself, unsigned.
    const proxy = within(table).getByRole('row', { name: /Proxy CPU/ });
    expect(within(proxy).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['—', '180 millicores', '180 millicores', '170 millicores … 190 millicores']);

    await waitFor(() => expect(app.container.querySelectorAll('.recharts-line')).toHaveLength(4));
    const created: string[] = [];
    URL.createObjectURL = () => {
      created.push('blob');
      return 'blob:report';
    };
    URL.revokeObjectURL = () => undefined;
    await userEvent.click(screen.getByRole('button', { name: 'HTML page' }));
    await waitFor(() => expect(calls.some((call) => call.url === '/api/perf/overhead/r1/html')).toBe(true));
    await waitFor(() => expect(created).toHaveLength(1));
    app.live.stop();
  });

  it('says what a report without resource figures lost', async () => {
    stubChartSize();
    setTransport(
      fakeTransport({
        'GET /api/perf/overhead/r1': () => ({ ...report, resourcesMissing: 'Without metrics-server, results keep latency…', figures: null, status: 'failed' }),
        'GET /api/perf/overhead/r1/latency': () => [],
      }).transport,
    );
    const app = renderApp(<OverheadReportView reportId="r1" onClose={() => undefined} />);
    expect(await screen.findByText(/Without metrics-server/)).toBeInTheDocument();
    expect(screen.getByText(/not every namespace was measured/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    app.live.stop();
  });
});
