import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type Mesh, type MeshesResponse } from '../../api';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { operation } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import MeshesPage from './MeshesPage';

afterEach(() => setTransport(undefined));

function mesh(overrides: Partial<Mesh> = {}): Mesh {
  return {
    id: 'istio',
    displayName: 'Istio',
    description: 'Envoy sidecars.',
    project: { status: 'active', note: 'Graduated.' },
    dataPlane: 'sidecar',
    namespace: 'istio-system',
    defaultVersion: '1.27.3',
    versions: ['1.27.3', '1.26.4'],
    membership: [{ kind: 'label', key: 'istio-injection', value: 'enabled', scope: 'namespace' }],
    wasm: { attach: 'istioWasmplugin', reason: null },
    resources: { cpuMillicores: 1000, memoryMiB: 2048, minKubernetes: '1.29' },
    warnings: [],
    sidecarContainer: 'istio-proxy',
    state: { status: 'notInstalled', version: null, reason: null, detectedBy: null, operationId: null, releases: [] },
    ...overrides,
  };
}

const response = (meshes: Mesh[], helm = { available: true, note: null as string | null }): MeshesResponse => ({ meshes, helm, clusterProblem: null });

describe('MeshesPage', () => {
  it('shows each mesh with its state, project status and data plane', async () => {
    const { transport } = fakeTransport({
      'GET /api/meshes': () =>
        response([
          mesh({
            state: {
              status: 'installed', version: '1.26.4', reason: null, detectedBy: 'helm', operationId: null,
              releases: [{ name: 'istiod', namespace: 'istio-system', chartVersion: '1.26.4', revision: 2, status: 'deployed' }],
            },
          }),
          mesh({ id: 'osm', displayName: 'Open Service Mesh', project: { status: 'endOfLife', note: 'Archived.' }, versions: ['1.2.4'], defaultVersion: '1.2.4' }),
        ]),
    });
    setTransport(transport);
    const app = renderApp(<MeshesPage />);

    const istio = await screen.findByRole('region', { name: 'Istio' });
    expect(within(istio).getByRole('status', { name: 'State: Installed' })).toHaveTextContent('Installed 1.26.4');
    expect(within(istio).getByLabelText('Helm releases')).toHaveTextContent('Helm: istiod 1.26.4 (revision 2, deployed)');
    expect(within(istio).getByText('Sidecar proxies')).toBeInTheDocument();
    const osm = screen.getByRole('region', { name: 'Open Service Mesh' });
    expect(within(osm).getByText('End of life')).toBeInTheDocument();
    app.live.stop();
  });

  it('runs the pre-flight check before installing and starts the install with the picked version', async () => {
    const { transport, calls } = fakeTransport({
      'GET /api/meshes': () => response([mesh()]),
      'GET /api/meshes/istio/preflight': () => ({
        meshId: 'istio',
        ok: false,
        checks: [{ name: 'cpu', level: 'warning', message: 'Istio needs ~1 CPU and 2 GiB; the node has 0.5 CPU allocatable.' }],
      }),
      'POST /api/meshes/istio/install': () => ({ id: 'op-7' }),
      'GET /api/operations': () => [operation({ id: 'op-7', title: 'Installing Istio 1.26.4' })],
      'GET /api/operations/op-7': () => operation({ id: 'op-7', title: 'Installing Istio 1.26.4' }),
    });
    setTransport(transport);
    const app = renderApp(<MeshesPage />);
    const card = await screen.findByRole('region', { name: 'Istio' });

    await userEvent.click(within(card).getByRole('combobox', { name: 'Version' }));
    await userEvent.click(await screen.findByRole('option', { name: '1.26.4' }));
    await userEvent.click(within(card).getByRole('button', { name: 'Install' }));
    const dialog = await screen.findByRole('dialog', { name: 'Install Istio 1.26.4?' });
    expect(await within(dialog).findByText('Istio needs ~1 CPU and 2 GiB; the node has 0.5 CPU allocatable.')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Install' }));

    expect(calls.find((call) => call.method === 'POST')).toEqual({ method: 'POST', url: '/api/meshes/istio/install', body: { version: '1.26.4' } });
    expect(await within(card).findByRole('region', { name: 'Operation progress' })).toBeInTheDocument();
    expect(await within(card).findByText('Installing Istio 1.26.4')).toBeInTheDocument();
    app.live.stop();
  });

  it('says on the card why an uninstall was refused, and starts it with the CRDs choice', async () => {
    const busy = 'Operation op-3 is already working on mesh:istio; wait for it to finish (or cancel it) and try again.';
    const { transport, calls } = fakeTransport({
      'GET /api/meshes': () =>
        response([mesh({ state: { status: 'installed', version: '1.27.3', reason: null, detectedBy: 'helm', operationId: null, releases: [] } })]),
      'POST /api/meshes/istio/uninstall': () => {
        throw new ApiError(409, busy, { status: 409, detail: busy, operationId: 'op-3' });
      },
      'GET /api/operations': () => [],
    });
    setTransport(transport);
    const app = renderApp(<MeshesPage />);
    const card = await screen.findByRole('region', { name: 'Istio' });

    await userEvent.click(within(card).getByRole('button', { name: 'Uninstall' }));
    const dialog = await screen.findByRole('dialog', { name: 'Uninstall Istio?' });
    await userEvent.click(within(dialog).getByRole('checkbox'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Uninstall' }));

    expect(calls.find((call) => call.method === 'POST')).toEqual({ method: 'POST', url: '/api/meshes/istio/uninstall', body: { removeCrds: true } });
    expect(await within(card).findByText(busy)).toBeInTheDocument();
    // The page stays hidden from assistive technology until the dialog has finished closing, so wait for the button.
    expect(await within(card).findByRole('button', { name: 'Show it' })).toBeInTheDocument();
    expect(within(card).queryByRole('region', { name: 'Operation progress' })).toBeNull();
    app.live.stop();
  });

  it('says helm is missing and disables installing', async () => {
    const { transport } = fakeTransport({
      'GET /api/meshes': () => response([mesh()], { available: false, note: 'The helm CLI is not on the PATH: install helm.' }),
    });
    setTransport(transport);
    const app = renderApp(<MeshesPage />);

    expect(await screen.findByText('The helm CLI is not on the PATH: install helm.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Install' })).toBeDisabled();
    app.live.stop();
  });

  it('says once that there is no cluster and disables what cannot succeed', async () => {
    const sentence = 'Kubernetes is not enabled in Docker Desktop, or is still starting.';
    const unknown = { status: 'unknown' as const, version: null, reason: sentence, detectedBy: null, operationId: null, releases: [] };
    const { transport } = fakeTransport({
      'GET /api/meshes': () => ({
        meshes: [mesh({ state: unknown }), mesh({ id: 'linkerd', displayName: 'Linkerd', state: unknown })],
        helm: { available: true, note: null },
        clusterProblem: sentence,
      }),
    });
    setTransport(transport);
    const app = renderApp(<MeshesPage />);

    await screen.findByRole('region', { name: 'Istio' });
    expect(screen.getAllByText(sentence)).toHaveLength(1);
    expect(within(screen.getByRole('region', { name: 'Istio' })).getByRole('button', { name: 'Install' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Remove everything Meshdock installed' })).toBeDisabled();
    app.live.stop();
  });

  it('keeps a failed install’s cause on the card and offers Retry and Uninstall', async () => {
    const cause = 'Install Istio failed: the istiod pod never became ready; check the cluster has 4 GB free.';
    const { transport } = fakeTransport({
      'GET /api/meshes': () =>
        response([mesh({ state: { status: 'degraded', version: '1.27.3', reason: cause, detectedBy: 'helm', operationId: null, releases: [] } })]),
    });
    setTransport(transport);
    const app = renderApp(<MeshesPage />);

    const card = await screen.findByRole('region', { name: 'Istio' });
    expect(within(card).getByLabelText('Cause')).toHaveTextContent(cause);
    expect(within(card).getByRole('button', { name: 'Retry' })).toBeEnabled();
    expect(within(card).getByRole('button', { name: 'Uninstall' })).toBeEnabled();
    app.live.stop();
  });

  it('shows the last failed operation’s error and offers Retry when the failed install left nothing behind', async () => {
    const error = 'helm upgrade failed (exit code 1): chart "istiod" not found; check the catalog override.';
    const { transport } = fakeTransport({
      'GET /api/meshes': () =>
        response([
          mesh({
            state: {
              status: 'notInstalled', version: null, reason: null, detectedBy: null, operationId: null, releases: [],
              lastFailure: { operationId: 'op-1', title: 'Installing Istio 1.27.3', error, finishedAt: '2026-12-05T12:00:00Z' },
            },
          }),
        ]),
    });
    setTransport(transport);
    const app = renderApp(<MeshesPage />);

    const card = await screen.findByRole('region', { name: 'Istio' });
    expect(within(card).getByLabelText('Last failure')).toHaveTextContent(`Installing Istio 1.27.3 failed: ${error}`);
    expect(within(card).getByRole('button', { name: 'Retry' })).toBeEnabled();
    expect(within(card).queryByRole('button', { name: 'Uninstall' })).toBeNull();
    app.live.stop();
  });
});
