import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FilterModule, Sandbox } from '../../api';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { renderApp } from '../../test/renderApp';
import { SandboxForm } from './SandboxForm';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.live.stop();
  setTransport(undefined);
});

const echo: FilterModule = {
  id: 'f-echo',
  name: 'config-echo',
  sha256: 'cd'.repeat(32),
  abiVersion: '0.2.1',
  size: 2_048,
  exports: [],
  imports: [],
  builtIn: false,
  defaultPluginConfig: null,
  createdAt: '2026-11-25T18:00:00Z',
};

const started = (request: Record<string, unknown>): Sandbox => ({
  id: 'sb-1',
  url: 'http://127.0.0.1:41234',
  operationId: 'op-1',
  filterId: (request.filterId as string | null) ?? null,
  filterName: request.filterId ? 'config-echo' : null,
  pluginConfig: null,
  vmConfiguration: (request.vmConfiguration as string | undefined) ?? null,
  rootId: (request.rootId as string | undefined) ?? null,
  upstream: request.upstream as string,
  upstreamUrl: 'http://127.0.0.1:40000',
  startedAt: '2026-11-25T18:00:00Z',
  counters: { requests: 0, localResponses: 0, filterFailures: 0, upstreamErrors: 0 },
});

describe('SandboxForm', () => {
  it('starts a filter with a plain-text plugin configuration, a VM configuration and a root id from the advanced section', async () => {
    const { transport, calls } = fakeTransport({
      'POST /api/sandbox': (body) => started(body as Record<string, unknown>),
      'GET /api/sandbox': () => [],
    });
    setTransport(transport);
    app = renderApp(<SandboxForm filters={[echo]} />);

    await userEvent.click(screen.getByRole('combobox', { name: 'Filter' }));
    await userEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: 'config-echo' }));
    await userEvent.click(screen.getByLabelText('Plugin configuration'));
    await userEvent.paste('limit=10');
    await userEvent.click(screen.getByRole('button', { name: /VM configuration and root id/ }));
    expect(screen.getByLabelText('Root id')).toHaveAttribute('placeholder', 'config-echo');
    await userEvent.click(screen.getByLabelText('VM configuration'));
    await userEvent.paste('vm settings');
    await userEvent.click(screen.getByLabelText('Root id'));
    await userEvent.paste('my_root');
    await userEvent.click(screen.getByRole('button', { name: 'Start sandbox' }));

    await vi.waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        filterId: 'f-echo',
        upstream: 'imagehub',
        pluginConfig: 'limit=10',
        vmConfiguration: 'vm settings',
        rootId: 'my_root',
      }),
    );
    expect(await screen.findByText('config-echo in front of imagehub at http://127.0.0.1:41234.')).toBeInTheDocument();
  });

  it('sends a JSON plugin configuration as an object and leaves empty advanced fields out', async () => {
    const { transport, calls } = fakeTransport({ 'POST /api/sandbox': (body) => started(body as Record<string, unknown>), 'GET /api/sandbox': () => [] });
    setTransport(transport);
    app = renderApp(<SandboxForm filters={[echo]} />);

    await userEvent.click(screen.getByRole('combobox', { name: 'Filter' }));
    await userEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: 'config-echo' }));
    await userEvent.type(screen.getByLabelText('Plugin configuration'), '{{"limit": 10}');
    await userEvent.click(screen.getByRole('button', { name: 'Start sandbox' }));

    await vi.waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ filterId: 'f-echo', upstream: 'imagehub', pluginConfig: { limit: 10 } }),
    );
  });

  it('says what is wrong before sending: a bad upstream, a JSON-looking configuration that is not an object, a bad root id', async () => {
    const { transport, calls } = fakeTransport({ 'GET /api/sandbox': () => [] });
    setTransport(transport);
    app = renderApp(<SandboxForm filters={[echo]} />);

    await userEvent.clear(screen.getByLabelText('Upstream'));
    await userEvent.type(screen.getByLabelText('Upstream'), 'ftp://example');
    await userEvent.click(screen.getByRole('combobox', { name: 'Filter' }));
    await userEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: 'config-echo' }));
    await userEvent.click(screen.getByLabelText('Plugin configuration'));
    await userEvent.paste('[1]');
    await userEvent.click(screen.getByRole('button', { name: /VM configuration and root id/ }));
    await userEvent.click(screen.getByLabelText('Root id'));
    await userEvent.paste('x'.repeat(257));

    expect(screen.getByText('Use imagehub or an absolute http(s) URL without query, such as http://127.0.0.1:8080.')).toBeInTheDocument();
    expect(screen.getByText(/starts like JSON but is not a JSON object/)).toBeInTheDocument();
    expect(screen.getByText('At most 256 characters, without control characters.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start sandbox' })).toBeDisabled();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('starts the baseline without a filter and without configuration fields', async () => {
    const { transport, calls } = fakeTransport({ 'POST /api/sandbox': (body) => started(body as Record<string, unknown>), 'GET /api/sandbox': () => [] });
    setTransport(transport);
    app = renderApp(<SandboxForm filters={[echo]} />);

    expect(screen.queryByLabelText('Plugin configuration')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Start sandbox' }));

    await vi.waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ filterId: null, upstream: 'imagehub' }));
    expect(await screen.findByText('No filter in front of imagehub at http://127.0.0.1:41234.')).toBeInTheDocument();
  });
});
