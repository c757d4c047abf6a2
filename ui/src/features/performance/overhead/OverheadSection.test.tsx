import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { FilterModule, Mesh, MetricsServerStatus } from '../../../api';
import { setTransport } from '../../../api/transport';
import { fakeTransport } from '../../../test/fakeTransport';
import { renderApp } from '../../../test/renderApp';
import { useOperationsDrawer } from '../../operations/OperationsDrawerContext';
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

const rateLimit = {
  id: 'rate-limit',
  name: 'rate-limit',
  sha256: 'ab'.repeat(32),
  abiVersion: '0.2.1',
  size: 1000,
  exports: [],
  imports: [],
  builtIn: true,
  defaultPluginConfig: { requests_per_second: 5 },
  createdAt: '2026-12-05T18:00:00Z',
} satisfies FilterModule;

function routes(started: unknown[]) {
  return fakeTransport({
    'GET /api/meshes': () => ({ meshes: [mesh('istio', 'Istio', 'installed'), mesh('linkerd', 'Linkerd', 'notInstalled')], helm: { available: true, note: null }, clusterProblem: null }),
    'GET /api/apps': () => ({ apps: [{ id: 'httpbin', name: 'httpbin' }, { id: 'imagehub', name: 'Image Hub' }] }),
    'GET /api/filters': () => [rateLimit],
    'GET /api/metrics-server': () => missing,
    'POST /api/metrics-server/install': () => ({ id: 'op-ms' }),
    'POST /api/perf/overhead': (body) => {
      started.push(body);
      return { id: 'report-1' };
    },
    'GET /api/operations': () => [],
  });
}

/** Shows which operation the drawer was asked to show, as the app's drawer would. */
function DrawerProbe() {
  const drawer = useOperationsDrawer();
  return <output aria-label="Drawer">{drawer.open ? (drawer.selectedId ?? 'list') : 'closed'}</output>;
}

const field = (name: string) => screen.getByRole('spinbutton', { name });

async function retype(name: string, value: string) {
  await userEvent.clear(field(name));
  if (value !== '') await userEvent.type(field(name), value);
}

describe('OverheadSection', () => {
  it('offers installed meshes only, says what is lost without metrics-server, and starts the report with the chosen workload and profile', async () => {
    const started: unknown[] = [];
    const { transport, calls } = routes(started);
    setTransport(transport);
    const opened: string[] = [];
    const app = renderApp(
      <>
        <OverheadSection onStarted={(id) => opened.push(id)} />
        <DrawerProbe />
      </>,
    );

    expect(await screen.findByText(/no CPU or memory figures/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Install metrics-server 3.13.1' }));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.url === '/api/metrics-server/install')).toBe(true));

    await userEvent.click(await screen.findByRole('combobox', { name: 'Mesh' }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option').map((option) => option.textContent);
    expect(options).toEqual(['Istio']);
    await userEvent.click(screen.getByRole('option', { name: 'Istio' }));
    await userEvent.click(screen.getByRole('combobox', { name: 'Workload' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Image Hub' }));

    // A value out of range says why and keeps the button off until it is fixed.
    await retype('Rounds', '9');
    expect(screen.getByText('From 1 to 5.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Measure' })).toBeDisabled();
    await retype('Rounds', '3');
    await retype('Rate (rps)', '');
    expect(screen.getByRole('button', { name: 'Measure' })).toBeDisabled();
    await retype('Rate (rps)', '200');
    await retype('Duration (s)', '10');
    await retype('Warm-up (s)', '0');
    await retype('Runner pods', '21');
    expect(screen.getByText('From 1 to 20.')).toBeInTheDocument();
    await retype('Runner pods', '2');
    await userEvent.click(screen.getByRole('button', { name: 'Measure' }));

    await waitFor(() => expect(started).toHaveLength(1));
    expect(started[0]).toEqual({
      mesh: 'istio',
      workload: 'imagehub',
      rounds: 3,
      runnerPods: 2,
      profile: { urls: [], model: 'open', rps: 200, connections: 16, durationSeconds: 10, warmupSeconds: 0, http2: false, insecureSkipVerify: false },
    });
    // The progress is the operation's: the drawer opens on it, and the page opens the report.
    await waitFor(() => expect(opened).toEqual(['report-1']));
    expect(screen.getByRole('status', { name: 'Drawer' }).textContent).toBe('report-1');
    app.live.stop();
  });

  it('adds a third namespace with a filter from the registry, configured as when attaching it', async () => {
    const started: unknown[] = [];
    setTransport(routes(started).transport);
    const app = renderApp(<OverheadSection onStarted={() => undefined} />);

    await screen.findByRole('combobox', { name: 'Mesh' });
    expect(screen.queryByLabelText('Plugin configuration')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('combobox', { name: 'Filter (optional third namespace)' }));
    await userEvent.click(await screen.findByRole('option', { name: 'rate-limit' }));
    // The filter's default configuration is filled in; a broken one is refused before it is sent.
    const config = screen.getByLabelText('Plugin configuration');
    expect(config).toHaveValue('{"requests_per_second":5}');
    await userEvent.clear(config);
    await userEvent.type(config, '{{ broken');
    expect(screen.getByText(/starts like JSON but is not a JSON object/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Measure' })).toBeDisabled();
    await userEvent.clear(config);
    await userEvent.type(config, '{{"requests_per_second": 50}');
    await userEvent.click(screen.getByRole('button', { name: /VM configuration and root id/ }));
    await userEvent.type(screen.getByLabelText('Root id'), 'limiter');
    await userEvent.click(screen.getByRole('button', { name: 'Measure' }));

    await waitFor(() => expect(started).toHaveLength(1));
    expect(started[0]).toMatchObject({ mesh: 'istio', workload: 'httpbin', rounds: 2, filter: { name: 'rate-limit', configuration: { requests_per_second: 50 }, rootId: 'limiter' } });
    expect((started[0] as { filter: object }).filter).not.toHaveProperty('vmConfiguration');

    // Choosing no filter again sends none.
    await userEvent.click(screen.getByRole('combobox', { name: 'Filter (optional third namespace)' }));
    await userEvent.click(await screen.findByRole('option', { name: 'None' }));
    expect(screen.queryByLabelText('Plugin configuration')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Measure' }));
    await waitFor(() => expect(started).toHaveLength(2));
    expect(started[1]).not.toHaveProperty('filter');
    app.live.stop();
  });
});
