import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/apiError';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { renderApp } from '../../test/renderApp';
import { ClusterCard } from './ClusterCard';
import { connectedCluster, contextList, refusedSentence, unreachableCluster } from './clusterFixtures';

afterEach(() => setTransport(undefined));

describe('ClusterCard', () => {
  it('shows the context, the address that worked, the version, the nodes and the metrics API', async () => {
    setTransport(
      fakeTransport({
        'GET /api/cluster': () => connectedCluster({ installedMeshes: [{ id: 'istio', name: 'Istio', version: '1.28.0', status: 'installed', reason: null }] }),
        'GET /api/cluster/contexts': () => contextList(),
      }).transport,
    );
    const app = renderApp(<ClusterCard />);

    expect(await screen.findByText('Connected')).toBeInTheDocument();
    expect(screen.getByText('Kubernetes').parentElement).toHaveTextContent('v1.32.2');
    expect(screen.getByText('https://host.docker.internal:6443 (TLS as kubernetes.docker.internal)')).toBeInTheDocument();
    expect(screen.getByText('Kubeconfig says').parentElement).toHaveTextContent('https://127.0.0.1:6443');
    const row = within(screen.getByRole('table', { name: 'Nodes' })).getByRole('row', { name: /docker-desktop/ });
    expect(row).toHaveTextContent('Ready');
    expect(row).toHaveTextContent('8 (7.5)');
    expect(row).toHaveTextContent('7.7 GiB (7.0 GiB)');
    expect(screen.getByText('Not installed')).toBeInTheDocument();
    expect(screen.getByText('Istio 1.28.0')).toBeInTheDocument();
    expect(await screen.findByRole('combobox', { name: 'Context' })).toHaveTextContent('docker-desktop');
    app.live.stop();
  });

  it('says why the cluster cannot be reached, lists the addresses tried and retries', async () => {
    const { transport, calls } = fakeTransport({
      'GET /api/cluster': () => unreachableCluster(),
      'GET /api/cluster/contexts': () => contextList(),
    });
    setTransport(transport);
    const app = renderApp(<ClusterCard />);

    expect(await screen.findByText(refusedSentence)).toBeInTheDocument();
    expect(screen.getByText('Not reachable')).toBeInTheDocument();
    const attempts = screen.getByLabelText('Addresses tried');
    expect(attempts).toHaveTextContent('https://kubernetes.docker.internal:6443');
    expect(attempts).toHaveTextContent('the name kubernetes.docker.internal does not resolve');
    expect(attempts).toHaveTextContent('connection refused');
    expect(screen.queryByRole('table', { name: 'Nodes' })).not.toBeInTheDocument();

    const before = calls.filter((call) => call.url === '/api/cluster').length;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(calls.filter((call) => call.url === '/api/cluster').length).toBe(before + 1));
    app.live.stop();
  });

  it('shows a pasted kubeconfig\'s exec command and lets it run only when confirmed', async () => {
    const pendingExec = {
      user: 'eks',
      command: '/usr/local/bin/aws',
      args: ['eks', 'get-token', '--cluster-name', 'my cluster'],
      envNames: ['AWS_PROFILE'],
      fingerprint: 'sha256:abc',
    };
    const { transport, calls } = fakeTransport({
      'GET /api/cluster': () => ({ ...unreachableCluster(), source: 'uploaded', reason: 'confirm it', failureKind: 'execNeedsConfirmation', attempts: [], pendingExec }),
      'GET /api/cluster/contexts': () => contextList({ uploaded: true }),
      'POST /api/cluster/kubeconfig/exec-confirmation': () => undefined,
    });
    setTransport(transport);
    const app = renderApp(<ClusterCard />);

    expect(await screen.findByLabelText('Command')).toHaveTextContent("/usr/local/bin/aws eks get-token --cluster-name 'my cluster'");
    expect(screen.getByText('Needs your confirmation')).toBeInTheDocument();
    expect(screen.getByText(/AWS_PROFILE set \(values hidden\)/)).toBeInTheDocument();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Run this command' }));
    await waitFor(() =>
      expect(calls).toContainEqual({ method: 'POST', url: '/api/cluster/kubeconfig/exec-confirmation', body: { fingerprint: 'sha256:abc' } }),
    );
    app.live.stop();
  });

  it('selects another context through the picker', async () => {
    const { transport, calls } = fakeTransport({
      'GET /api/cluster': () => connectedCluster(),
      'GET /api/cluster/contexts': () => contextList(),
      'PUT /api/cluster/context': () => contextList({ selected: 'eks-prod' }),
    });
    setTransport(transport);
    const app = renderApp(<ClusterCard />);

    await userEvent.click(await screen.findByRole('combobox', { name: 'Context' }));
    await userEvent.click(screen.getByRole('option', { name: /eks-prod — cannot be used here/ }));

    await waitFor(() => expect(calls).toContainEqual({ method: 'PUT', url: '/api/cluster/context', body: { context: 'eks-prod' } }));
    app.live.stop();
  });

  it('sends a pasted kubeconfig, shows the backend sentence when it is refused, and closes once it is accepted', async () => {
    let accept = false;
    const sentence = "Context 'dev' names user 'nobody', which is not in the kubeconfig.";
    const { transport, calls } = fakeTransport({
      'GET /api/cluster': () => connectedCluster(),
      'GET /api/cluster/contexts': () => contextList(),
      'POST /api/cluster/kubeconfig': () => {
        if (!accept) throw new ApiError(400, sentence, { status: 400, detail: sentence });
        return contextList({ uploaded: true });
      },
    });
    setTransport(transport);
    const app = renderApp(<ClusterCard />);

    await userEvent.click(await screen.findByRole('button', { name: 'Paste kubeconfig…' }));
    const dialog = screen.getByRole('dialog', { name: 'Use another kubeconfig' });
    await userEvent.type(within(dialog).getByLabelText('Kubeconfig (YAML)'), 'apiVersion: v1');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Use this kubeconfig' }));

    expect(await within(dialog).findByText(sentence)).toBeInTheDocument();
    expect(calls).toContainEqual({ method: 'POST', url: '/api/cluster/kubeconfig', body: { kubeconfig: 'apiVersion: v1' } });

    accept = true;
    const refreshes = calls.filter((call) => call.url === '/api/cluster').length;
    await userEvent.click(within(dialog).getByRole('button', { name: 'Use this kubeconfig' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(calls.filter((call) => call.url === '/api/cluster').length).toBeGreaterThan(refreshes));
    app.live.stop();
  });

  it('offers to forget a pasted kubeconfig', async () => {
    const { transport, calls } = fakeTransport({
      'GET /api/cluster': () => connectedCluster({ source: 'uploaded' }),
      'GET /api/cluster/contexts': () => contextList({ uploaded: true }),
      'DELETE /api/cluster/kubeconfig': () => undefined,
    });
    setTransport(transport);
    const app = renderApp(<ClusterCard />);

    expect(await screen.findByText('from the pasted kubeconfig')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Paste kubeconfig…' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Forget the pasted kubeconfig' }));

    await waitFor(() => expect(calls).toContainEqual({ method: 'DELETE', url: '/api/cluster/kubeconfig', body: undefined }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    app.live.stop();
  });
});
