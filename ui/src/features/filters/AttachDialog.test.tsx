import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FilterModule } from '../../api';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { operation } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { AttachDialog } from './AttachDialog';

afterEach(() => setTransport(undefined));

const rateLimit: FilterModule = {
  id: 'rate-limit',
  name: 'rate-limit',
  sha256: 'ab'.repeat(32),
  abiVersion: '0.2.1',
  size: 29_178,
  exports: [],
  imports: [],
  builtIn: true,
  defaultPluginConfig: { paths: ['/pull'] },
  createdAt: '2026-11-25T18:00:00Z',
};

describe('AttachDialog', () => {
  it('offers Envoy meshes, shows why the others cannot take filters, and attaches with the typed fields', async () => {
    const { transport, calls } = fakeTransport({
      'GET /api/filters/meshes': () => [
        { mesh: 'istio', displayName: 'Istio', objectKind: 'WasmPlugin', reason: null, supported: true },
        { mesh: 'linkerd', displayName: 'Linkerd', objectKind: null, reason: 'Linkerd has no proxy-wasm extension point.', supported: false },
      ],
      'POST /api/filters/rate-limit/attach': () => ({ id: 'op-7' }),
      'GET /api/operations': () => [operation({ id: 'op-7', title: 'Attach rate-limit' })],
      'GET /api/operations/op-7': () => operation({ id: 'op-7', title: 'Attach rate-limit' }),
    });
    setTransport(transport);
    let closed = false;
    const app = renderApp(<AttachDialog filter={rateLimit} onClose={() => (closed = true)} />);

    expect(screen.getByRole('button', { name: 'Attach' })).toBeDisabled();
    await userEvent.click(screen.getByRole('combobox', { name: 'Mesh' }));
    const options = within(await screen.findByRole('listbox')).getAllByRole('option');
    expect(options[1]).toHaveAttribute('aria-disabled', 'true');
    expect(options[1]).toHaveTextContent('Linkerd has no proxy-wasm extension point.');
    await userEvent.click(options[0]!);
    await userEvent.click(screen.getByRole('button', { name: 'Attach' }));

    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      mesh: 'istio',
      namespace: 'imagehub',
      workloadSelector: { app: 'api' },
      pluginConfig: { paths: ['/pull'] },
    });
    await vi.waitFor(() => expect(closed).toBe(true));
    app.live.stop();
  });

  it('sends a plain-text configuration, a VM configuration and a root id to a mesh that carries them', async () => {
    const { transport, calls } = fakeTransport({
      'GET /api/filters/meshes': () => [{ mesh: 'consul', displayName: 'Consul', objectKind: 'ServiceDefaults', reason: null, supported: true }],
      'POST /api/filters/rate-limit/attach': () => ({ id: 'op-8' }),
      'GET /api/operations': () => [operation({ id: 'op-8', title: 'Attach rate-limit' })],
      'GET /api/operations/op-8': () => operation({ id: 'op-8', title: 'Attach rate-limit' }),
    });
    setTransport(transport);
    const app = renderApp(<AttachDialog filter={rateLimit} onClose={() => undefined} />);

    await userEvent.click(screen.getByRole('combobox', { name: 'Mesh' }));
    await userEvent.click(within(await screen.findByRole('listbox')).getAllByRole('option')[0]!);
    await userEvent.clear(screen.getByLabelText('Plugin configuration'));
    await userEvent.type(screen.getByLabelText('Plugin configuration'), 'limit=10');
    // The VM configuration and the root id sit in a closed advanced section.
    expect(screen.queryByLabelText('VM configuration')).not.toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: /VM configuration and root id/ }));
    await userEvent.type(screen.getByLabelText('VM configuration'), 'vm settings');
    await userEvent.type(screen.getByLabelText('Root id'), 'my_root');
    await userEvent.click(screen.getByRole('button', { name: 'Attach' }));

    await vi.waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        mesh: 'consul',
        namespace: 'imagehub',
        workloadSelector: { app: 'api' },
        pluginConfig: 'limit=10',
        vmConfiguration: 'vm settings',
        rootId: 'my_root',
      }),
    );
    app.live.stop();
  });

  it('opens the advanced section on an error there, and refuses a VM configuration for Istio with a sentence', async () => {
    const { transport } = fakeTransport({
      'GET /api/filters/meshes': () => [{ mesh: 'istio', displayName: 'Istio', objectKind: 'WasmPlugin', reason: null, supported: true }],
    });
    setTransport(transport);
    const app = renderApp(<AttachDialog filter={rateLimit} onClose={() => undefined} />);

    await userEvent.click(screen.getByRole('button', { name: /VM configuration and root id/ }));
    await userEvent.type(screen.getByLabelText('VM configuration'), 'vm');
    await userEvent.click(screen.getByRole('combobox', { name: 'Mesh' }));
    await userEvent.click(within(await screen.findByRole('listbox')).getAllByRole('option')[0]!);
    await userEvent.click(screen.getByRole('button', { name: /VM configuration and root id \(set\)/ })); // try to close it

    expect(screen.getByLabelText('VM configuration')).toBeVisible();
    expect(screen.getByText('Istio’s WasmPlugin has no VM configuration; use Consul or Kuma, or leave it empty.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Attach' })).toBeDisabled();
    app.live.stop();
  });
});
