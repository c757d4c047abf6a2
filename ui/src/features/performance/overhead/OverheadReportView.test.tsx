import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { OverheadReport } from '../../../api';
import { ApiError } from '../../../api/apiError';
import { setTransport } from '../../../api/transport';
import { stubChartSize } from '../../../test/chartSize';
import { fakeTransport } from '../../../test/fakeTransport';
import { operation } from '../../../test/fixtures';
import { overheadFigure, overheadReport, overheadRound } from '../../../test/overheadFixtures';
import { latencyStats } from '../../../test/perfFixtures';
import { renderApp } from '../../../test/renderApp';
import { OverheadReportView } from './OverheadReportView';

afterEach(() => setTransport(undefined));

const report = overheadReport();

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
    expect(within(p99).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['1.50', '4.25', '+2.75', '+2.50 … +3.00']);
    // Each row names its unit once, in its header; the cells are numbers.
    expect(within(p99).getByRole('rowheader').textContent).toBe('Latency p99 (ms)');
    const throughput = within(table).getByRole('row', { name: /Throughput/ });
    expect(within(throughput).getAllByRole('cell')[2]!.textContent).toBe('−2.00');
    // A figure only the mesh has: no plain value, and its "delta" is the value itself, unsigned.
    const proxy = within(table).getByRole('row', { name: /Proxy CPU/ });
    expect(within(proxy).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['—', '180', '180', '170 … 190']);

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

  it('shows the filtered namespace in three more columns and its curves in a third colour', async () => {
    stubChartSize();
    const filtered: OverheadReport = {
      ...report,
      variants: [
        ...report.variants,
        { key: 'filtered', namespace: 'overhead-r1-filtered', filter: 'rate-limit', rounds: [overheadRound('filtered', 1), overheadRound('filtered', 2)] },
      ],
      figures: [
        { ...overheadFigure('p99', 'Latency p99', 'ms', 1.5, 4.25, 2.5, 3), filtered: 5, filteredDelta: 3.5, filteredDeltaMin: 3.25, filteredDeltaMax: 3.75 },
        { ...overheadFigure('proxyMemory', 'Proxy memory per pod', 'MiB', null, 40, 40, 40), filtered: 44, filteredDelta: 44, filteredDeltaMin: 43, filteredDeltaMax: 45 },
        overheadFigure('controlPlaneCpu', 'Control plane CPU', 'millicores', null, 8, 8, 8),
      ],
    };
    const curve = latencyStats().percentileCurve;
    setTransport(
      fakeTransport({
        'GET /api/perf/overhead/r1': () => filtered,
        'GET /api/perf/overhead/r1/latency': () =>
          filtered.variants.flatMap((v) => v.rounds.map((r) => ({ variant: v.key, round: r.round, runId: r.runId, percentileCurve: curve }))),
      }).transport,
    );
    const app = renderApp(<OverheadReportView reportId="r1" onClose={() => undefined} />);

    const table = await screen.findByRole('table', { name: 'What the mesh costs' });
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual([
      'Figure',
      'Plain',
      'Meshed',
      'With rate-limit',
      'Value',
      'Δ (mean)',
      'Δ (min … max)',
      'Value',
      'Δ (mean)',
      'Δ (min … max)',
    ]);
    const cells = (name: RegExp) => within(within(table).getByRole('row', { name })).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells(/Latency p99/).slice(3)).toEqual(['+2.50 … +3.00', '5.00', '+3.50', '+3.25 … +3.75']);
    expect(cells(/Proxy memory/).slice(3)).toEqual(['40.0 … 40.0', '44.0', '44.0', '43.0 … 45.0']);
    // A figure the filtered namespace did not measure says so instead of showing a number.
    expect(cells(/Control plane CPU/).slice(4)).toEqual(['—', '—', '—']);
    expect(screen.getByText(/overhead-r1-filtered/).textContent).toContain('(with rate-limit)');

    await waitFor(() => expect(app.container.querySelectorAll('.recharts-line')).toHaveLength(6));
    const strokes = new Set([...app.container.querySelectorAll('.recharts-line-curve')].map((line) => line.getAttribute('stroke')));
    expect(strokes.size).toBe(3);
    app.live.stop();
  });

  it('waits for a report its running operation has not stored yet, and says so when the report is really gone', async () => {
    stubChartSize();
    let stored = false;
    let operationStatus = 'running';
    setTransport(
      fakeTransport({
        'GET /api/perf/overhead/r1': () => {
          if (!stored) throw new ApiError(404, 'Overhead report r1 was not found.');
          return { ...report, status: 'running', figures: null, variants: report.variants.map((v) => ({ ...v, rounds: [] })) };
        },
        'GET /api/perf/overhead/r1/latency': () => [],
        'GET /api/operations/r1': () => operation({ id: 'r1', kind: 'perf.overhead', status: operationStatus as 'running' }),
      }).transport,
    );
    const app = renderApp(<OverheadReportView reportId="r1" onClose={() => undefined} />);
    await waitFor(() => expect(screen.getByText('Loading the report…')).toBeInTheDocument());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.queryByText(/was not found/)).not.toBeInTheDocument();
    stored = true;
    expect(await screen.findByText('Measuring: 0 of 4 runs done.', {}, { timeout: 5_000 })).toBeInTheDocument();
    app.unmount();
    app.live.stop();

    stored = false;
    operationStatus = 'succeeded';
    const again = renderApp(<OverheadReportView reportId="r1" onClose={() => undefined} />);
    expect(await screen.findByText('Overhead report r1 was not found.')).toBeInTheDocument();
    again.live.stop();
  });
});
