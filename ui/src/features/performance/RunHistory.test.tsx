import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { overheadReport } from '../../test/overheadFixtures';
import { perfRun } from '../../test/perfFixtures';
import { renderApp } from '../../test/renderApp';
import { RunHistory } from './RunHistory';

afterEach(() => setTransport(undefined));

const noReportActions = { onOpen: () => undefined, onCompare: () => undefined, onRemoved: () => undefined };

describe('RunHistory', () => {
  it("gives each run's outcome in its protocol's terms: 2xx for HTTP, gRPC codes by name for gRPC", async () => {
    const http = perfRun({ id: 'h', name: 'productpage' });
    const grpc = perfRun({
      id: 'g',
      name: 'checkout',
      spec: { urls: ['grpc://checkout:50051/shop.Checkout/Pay'], model: 'closed', http2: false, insecureSkipVerify: false },
      summary: {
        ...http.summary!,
        requests: 1000,
        errors: 5,
        statusCodes: { '503': 15 },
        grpcStatusCodes: { OK: 900, UNAVAILABLE: 60, DEADLINE_EXCEEDED: 20 },
      },
    });
    const imported = perfRun({ id: 'i', name: 'imported', source: 'imported', summary: { ...http.summary!, statusCodes: null } });
    setTransport(
      fakeTransport({
        'GET /api/perf/profiles': () => [],
        'GET /api/perf/runs': () => [http, grpc, imported],
        'GET /api/perf/runs?limit=100': () => [http, grpc, imported],
        'GET /api/perf/overhead': () => [],
      }).transport,
    );
    const app = renderApp(<RunHistory onOpen={() => undefined} onCompare={() => undefined} reportActions={noReportActions} />);

    const table = await screen.findByRole('table', { name: 'Runs' });
    const outcomeOf = (name: RegExp) => within(within(table).getByRole('row', { name })).getAllByRole('cell')[10]!.textContent;
    expect(await within(table).findByText('checkout')).toBeInTheDocument();
    expect(outcomeOf(/checkout/)).toBe('90.0 % OK · UNAVAILABLE × 60 · DEADLINE_EXCEEDED × 20');
    expect(outcomeOf(/productpage/)).toBe('100 % 2xx');
    expect(outcomeOf(/imported/)).toBe('—');
    app.live.stop();
  });

  it('lists overhead reports with the runs, names the report each of its runs belongs to, compares two and removes one', async () => {
    const first = overheadReport({ id: 'r1' });
    const second = overheadReport({ id: 'r2', name: 'What Istio costs after the upgrade' });
    const running = overheadReport({ id: 'r3', name: 'Still measuring', status: 'running', figures: null });
    const reportRuns = [perfRun({ id: 'r1-meshed-1', name: 'What Istio costs (httpbin): meshed, round 1' }), perfRun({ id: 'lone', name: 'lone run' })];
    let reports = [first, second, running];
    const { transport, calls } = fakeTransport({
      'GET /api/perf/profiles': () => [],
      'GET /api/perf/runs': () => reportRuns,
      'GET /api/perf/runs?limit=100': () => reportRuns,
      'GET /api/perf/overhead': () => reports,
      'DELETE /api/perf/overhead/r1': () => {
        reports = [second, running];
        return undefined;
      },
    });
    setTransport(transport);
    const opened: string[] = [];
    const compared: string[][] = [];
    const removed: string[] = [];
    const app = renderApp(
      <RunHistory
        onOpen={() => undefined}
        onCompare={() => undefined}
        reportActions={{ onOpen: (id) => opened.push(id), onCompare: (ids) => compared.push(ids), onRemoved: (id) => removed.push(id) }}
      />,
    );

    const list = await screen.findByRole('table', { name: 'Overhead reports' });
    // A report's row, by the link that opens it.
    const row = (name: string) => within(list).getByRole('button', { name }).closest('tr')!;
    expect(within(row('What Istio costs (httpbin)')).getAllByRole('cell').map((cell) => cell.textContent).slice(1, 6)).toEqual([
      'What Istio costs (httpbin)',
      'Istio 1.30.3',
      'httpbin',
      'succeeded',
      '+2.75 ms',
    ]);
    // A report still measuring has nothing to compare yet and cannot be removed under its own feet.
    expect(within(row('Still measuring')).getByRole('checkbox')).toBeDisabled();
    expect(within(row('Still measuring')).getByRole('button', { name: /Remove/ })).toBeDisabled();

    const runs = await screen.findByRole('table', { name: 'Runs' });
    const reportRun = (await within(runs).findByRole('button', { name: 'What Istio costs (httpbin): meshed, round 1' })).closest('tr')!;
    await userEvent.click(within(reportRun).getByRole('button', { name: 'What Istio costs (httpbin)' }));
    expect(opened).toEqual(['r1']);
    expect(within(runs).getByRole('button', { name: 'lone run' }).closest('td')!.textContent).toBe('lone run');

    const compare = screen.getByRole('button', { name: 'Compare reports' });
    expect(compare).toBeDisabled();
    await userEvent.click(within(row('What Istio costs after the upgrade')).getByRole('checkbox'));
    expect(compare).toBeDisabled();
    await userEvent.click(within(row('What Istio costs (httpbin)')).getByRole('checkbox'));
    await userEvent.click(compare);
    expect(compared).toEqual([['r2', 'r1']]);

    await userEvent.click(within(row('What Istio costs (httpbin)')).getByRole('button', { name: 'Remove report What Istio costs (httpbin)' }));
    await waitFor(() => expect(removed).toEqual(['r1']));
    expect(calls.filter((call) => call.method === 'DELETE').map((call) => call.url)).toEqual(['/api/perf/overhead/r1']);
    await waitFor(() => expect(within(list).queryByRole('button', { name: 'What Istio costs (httpbin)' })).not.toBeInTheDocument());
    app.live.stop();
  });
});
