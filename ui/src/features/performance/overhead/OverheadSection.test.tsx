import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mesh, MetricsServerStatus } from '../../../api';
import { setTransport } from '../../../api/transport';
import { fakeTransport } from '../../../test/fakeTransport';
import { renderApp } from '../../../test/renderApp';
import { OverheadSection } from './OverheadSection';

afterEach(() => setTransport(undefined));

const mesh = (id: string, displayName: string, status: Mesh['state']['status']) =>
  ({ id, displayName, state: { status, version: '1.30.3', reason: null, detectedBy: 'helm', operationId: null, releases: [] } }) as unknown as Mesh;

const missing: MetricsServerStatus = {
  state: 'missing',
  sentence: 'The cluster has no metrics API.',
  withoutIt: 'Without metrics-server, results keep latency, throughput and success rate but have no CPU or memory figures.',
  chartVersion: '3.13.1',
  installing: false,
};

describe('OverheadSection', () => {
  it('offers installed meshes only, says what is lost without metrics-server, and starts the report with the chosen workload and rounds', async () => {
    const { transport, calls } = fakeTransport({
      'GET /api/meshes': () => ({ meshes: [mesh('istio', 'Istio', 'installed'), mesh('linkerd', 'Linkerd', 'notInstalled')], helm: { available: true, note: null }, clusterProblem: null }),
      'GET /api/apps': () => ({ apps: [{ id: 'httpbin', name: 'httpbin' }, { id: 'imagehub', name: 'Image Hub' }] }),
      'GET /api/perf/overhead': () => [],
      'GET /api/metrics-server': () => missing,
      'POST /api/metrics-server/install': () => ({ id: 'op-ms' }),
      'POST /api/perf/overhead': () => ({ id: 'report-1' }),
      'GET /api/perf/overhead/report-1': () => {
        throw new Error('not yet');
      },
      'GET /api/perf/overhead/report-1/latency': () => [],
      'GET /api/operations': () => [],
    });
    setTransport(transport);
    const app = renderApp(<OverheadSection />);

    expect(await screen.findByText(/no CPU or memory figures/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Install metrics-server 3.13.1' }));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.url === '/api/metrics-server/install')).toBe(true));

    await userEvent.click(await screen.findByRole('combobox', { name: 'Mesh' }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option').map((option) => option.textContent);
    expect(options).toEqual(['Istio']);
    await userEvent.click(screen.getByRole('option', { name: 'Istio' }));
    await userEvent.click(screen.getByRole('combobox', { name: 'Workload' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Image Hub' }));
    const rounds = screen.getByRole('spinbutton', { name: 'Rounds' });
    await userEvent.clear(rounds);
    await userEvent.type(rounds, '3');
    await userEvent.click(screen.getByRole('button', { name: 'Measure' }));

    await waitFor(() => expect(calls.find((call) => call.method === 'POST' && call.url === '/api/perf/overhead')?.body).toEqual({ mesh: 'istio', workload: 'imagehub', rounds: 3 }));
    app.live.stop();
  });
});
