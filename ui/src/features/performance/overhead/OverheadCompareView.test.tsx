import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../../api/transport';
import { fakeTransport } from '../../../test/fakeTransport';
import { overheadFigure, overheadReport } from '../../../test/overheadFixtures';
import { renderApp } from '../../../test/renderApp';
import { OverheadCompareView } from './OverheadCompareView';

afterEach(() => setTransport(undefined));

describe('OverheadCompareView', () => {
  it("puts each report's delta and spread side by side and says which costs more, or that the rounds cannot tell", async () => {
    const istio = overheadReport({
      id: 'istio-1',
      figures: [overheadFigure('p99', 'Latency p99', 'ms', 1.5, 4.5, 2.5, 3.5), overheadFigure('proxyMemory', 'Proxy memory per pod', 'MiB', null, 40, 39, 41)],
    });
    const linkerd = overheadReport({
      id: 'linkerd-1',
      name: 'What Linkerd costs (httpbin)',
      meshId: 'linkerd',
      meshName: 'Linkerd',
      meshVersion: '2.18',
      figures: [overheadFigure('p99', 'Latency p99', 'ms', 1.5, 2.5, 0.75, 1.25), overheadFigure('proxyMemory', 'Proxy memory per pod', 'MiB', null, 40.5, 40, 41)],
    });
    setTransport(
      fakeTransport({
        'GET /api/perf/overhead/istio-1': () => istio,
        'GET /api/perf/overhead/linkerd-1': () => linkerd,
      }).transport,
    );
    const app = renderApp(<OverheadCompareView reportIds={['istio-1', 'linkerd-1']} onClose={() => undefined} />);

    const table = await screen.findByRole('table', { name: 'Reports compared' });
    expect(screen.getByText(/^First: What Istio costs/).textContent).toContain('Istio 1.30.3');
    expect(screen.getByText(/^Second: What Linkerd costs/).textContent).toContain('Linkerd 2.18');
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual([
      'Figure',
      'First',
      'Second',
      'Costs more',
      'Δ',
      'Δ across rounds',
      'Δ',
      'Δ across rounds',
    ]);
    const cells = (name: RegExp) => within(within(table).getByRole('row', { name })).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells(/Latency p99/)).toEqual(['+3.00 ms', '+2.50 … +3.50 ms', '+1.00 ms', '+0.75 … +1.25 ms', 'First']);
    expect(cells(/Proxy memory/)).toEqual(['40.0 MiB', '39.0 … 41.0 MiB', '40.5 MiB', '40.0 … 41.0 MiB', 'Within the spread']);
    app.live.stop();
  });

  it('says which report has no figures yet', async () => {
    setTransport(
      fakeTransport({
        'GET /api/perf/overhead/a': () => overheadReport({ id: 'a' }),
        'GET /api/perf/overhead/b': () => overheadReport({ id: 'b', name: 'Cancelled one', status: 'cancelled', figures: null }),
      }).transport,
    );
    const app = renderApp(<OverheadCompareView reportIds={['a', 'b']} onClose={() => undefined} />);
    expect(await screen.findByText('Cancelled one has no figures yet: not every namespace was measured.')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Reports compared' });
    expect(within(within(table).getByRole('row', { name: /Latency p99/ })).getAllByRole('cell').map((cell) => cell.textContent)).toEqual([
      '+2.75 ms',
      '+2.50 … +3.00 ms',
      '—',
      '—',
      '—',
    ]);
    app.live.stop();
  });
});
