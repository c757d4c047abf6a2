import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
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
});
