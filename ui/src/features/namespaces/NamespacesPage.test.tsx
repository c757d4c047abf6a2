import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { NamespaceList } from '../../api';
import { ApiError } from '../../api/apiError';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { operation } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import NamespacesPage from './NamespacesPage';

afterEach(() => setTransport(undefined));

const istio = { meshId: 'istio', meshName: 'Istio' };
const linkerd = { meshId: 'linkerd', meshName: 'Linkerd' };
const kuma = { meshId: 'kuma', meshName: 'Kuma' };

// The mesh list as far as the Join menu reads it: Istio and Linkerd installed, Kuma not.
const catalogMesh = (id: string, namespace: string, status: string) => ({
  id,
  displayName: id,
  namespace,
  state: { status, version: null, reason: null, detectedBy: null, operationId: null, releases: [] },
});
const meshList = () => ({
  meshes: [catalogMesh('istio', 'istio-system', 'installed'), catalogMesh('linkerd', 'linkerd', 'installed'), catalogMesh('kuma', 'kuma-system', 'notInstalled')],
  helm: { available: true, note: null },
  clusterProblem: null,
});

function namespaces(): NamespaceList {
  return {
    namespaces: [
      { name: 'bookinfo', phase: 'Active', system: false, meshes: [istio], deployments: 4, createdAt: null },
      { name: 'default', phase: 'Active', system: false, meshes: [], deployments: 2, createdAt: null },
      { name: 'kube-system', phase: 'Active', system: true, meshes: [], deployments: 3, createdAt: null },
      { name: 'istio-system', phase: 'Active', system: false, meshes: [], deployments: 1, createdAt: null },
    ],
    joinableMeshes: [istio, linkerd, kuma],
  };
}

function routes(extra: Record<string, (body: unknown) => unknown> = {}) {
  return fakeTransport({
    'GET /api/namespaces': () => namespaces(),
    'GET /api/meshes': () => meshList(),
    'GET /api/operations': () => [],
    'GET /api/operations/op-1': () => operation({ id: 'op-1', title: 'Join namespace default to Linkerd' }),
    ...extra,
  });
}

describe('NamespacesPage', () => {
  it('lists namespaces with their mesh and offers no actions on system namespaces', async () => {
    setTransport(routes().transport);
    const app = renderApp(<NamespacesPage />);

    const bookinfo = await screen.findByRole('row', { name: /bookinfo/ });
    expect(within(bookinfo).getByLabelText('bookinfo is in Istio')).toBeInTheDocument();
    expect(within(bookinfo).getByRole('button', { name: 'Join bookinfo to a mesh' })).toBeDisabled();
    const system = screen.getByRole('row', { name: /kube-system/ });
    expect(within(system).getByText('system')).toBeInTheDocument();
    expect(within(system).queryByRole('button')).not.toBeInTheDocument();
    const controlPlane = await screen.findByRole('row', { name: /istio-system/ });
    await waitFor(() => expect(within(controlPlane).getByText('mesh control plane')).toBeInTheDocument());
    expect(within(controlPlane).queryByRole('button', { name: /Join/ })).not.toBeInTheDocument();
    app.live.stop();
  });

  it('joins a namespace to a mesh as an operation and offers to restart its deployments', async () => {
    const { transport, calls } = routes({
      'POST /api/namespaces/default/meshes': () => ({ id: 'op-1' }),
      'POST /api/namespaces/default/restart': () => ({ id: 'op-2' }),
      'GET /api/operations/op-2': () => operation({ id: 'op-2', title: 'Restart the deployments of default' }),
    });
    setTransport(transport);
    const app = renderApp(<NamespacesPage />);

    const joinDefault = await screen.findByRole('button', { name: 'Join default to a mesh' });
    await waitFor(() => expect(joinDefault).toBeEnabled());
    await userEvent.click(joinDefault);
    // Kuma is in the catalog but not installed: not offered.
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Istio', 'Linkerd']);
    await userEvent.click(screen.getByRole('menuitem', { name: 'Linkerd' }));

    await waitFor(() => expect(calls).toContainEqual({ method: 'POST', url: '/api/namespaces/default/meshes', body: { mesh: 'linkerd' } }));
    expect(await screen.findByText('Pods already running in default get the Linkerd proxy only when they restart.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Restart deployments' }));
    await waitFor(() => expect(calls).toContainEqual({ method: 'POST', url: '/api/namespaces/default/restart', body: undefined }));
    app.live.stop();
  });

  it('takes a namespace out of its mesh', async () => {
    const { transport, calls } = routes({ 'DELETE /api/namespaces/bookinfo/meshes/istio': () => ({ id: 'op-1' }) });
    setTransport(transport);
    const app = renderApp(<NamespacesPage />);

    const chip = await screen.findByLabelText('bookinfo is in Istio');
    await userEvent.click(within(chip).getByTestId('CancelIcon'));

    await waitFor(() => expect(calls).toContainEqual({ method: 'DELETE', url: '/api/namespaces/bookinfo/meshes/istio', body: undefined }));
    expect(await screen.findByText('Pods already running in bookinfo keep the Istio proxy until they restart.')).toBeInTheDocument();
    app.live.stop();
  });

  it('shows the sentence when the cluster cannot be reached', async () => {
    const sentence = 'Kubernetes is not enabled in Docker Desktop, or is still starting.';
    setTransport(
      routes({
        'GET /api/namespaces': () => {
          throw new ApiError(503, sentence, { status: 503, detail: sentence });
        },
      }).transport,
    );
    const app = renderApp(<NamespacesPage />);

    expect(await screen.findByText(sentence)).toBeInTheDocument();
    app.live.stop();
  });
});
