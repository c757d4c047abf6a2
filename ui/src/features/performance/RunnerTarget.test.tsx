import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/apiError';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { renderApp } from '../../test/renderApp';
import { RunForm } from './RunForm';

afterEach(() => setTransport(undefined));

const targets = {
  targets: [
    {
      namespace: 'httpbin',
      service: 'httpbin',
      port: 8000,
      portName: 'http',
      type: 'NodePort',
      app: 'httpbin',
      mesh: 'Istio',
      clusterUrl: 'http://httpbin.httpbin:8000/',
      localUrl: 'http://localhost:30080/',
    },
    { namespace: 'shop', service: 'db', port: 5432, portName: null, type: 'ClusterIP', app: null, mesh: null, clusterUrl: 'http://db.shop:5432/', localUrl: null },
  ],
};

const pickTarget = async (name: RegExp) => {
  await userEvent.click(screen.getByLabelText('Target'));
  await userEvent.click(await screen.findByRole('option', { name }));
};

// Typing into a whole MUI form under jsdom is slow on a busy 2-core machine.
describe('RunForm target picker and runner', { timeout: 60_000 }, () => {
  it('lists sample apps first, fills the URL the chosen runner reaches, and says when only the cluster runner can', async () => {
    setTransport(fakeTransport({ 'GET /api/perf/profiles': () => [], 'GET /api/perf/targets': () => targets }).transport);
    const app = renderApp(<RunForm onStarted={vi.fn()} />);

    await userEvent.click(screen.getByLabelText('Target'));
    // MUI's menu gives its group headings the option role too.
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'Free URL',
      'Sample apps',
      'httpbin: httpbin/httpbin:8000 · in Istio',
      'Services',
      'shop/db:5432 · ClusterIP only',
    ]);
    await userEvent.click(options[2]!);
    expect(screen.getByLabelText('Target URLs')).toHaveValue('http://localhost:30080/');

    // The same Service from inside the cluster is its name.namespace.
    await userEvent.click(screen.getByRole('button', { name: 'Pods in the cluster' }));
    expect(screen.getByLabelText('Target URLs')).toHaveValue('http://httpbin.httpbin:8000/');

    await userEvent.click(screen.getByRole('button', { name: 'Meshdock' }));
    await pickTarget(/shop\/db/);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('only a runner inside the cluster reaches it');
    await userEvent.click(within(alert).getByRole('button', { name: 'Run from the cluster' }));
    expect(screen.getByRole('button', { name: 'Pods in the cluster' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByLabelText('Target URLs')).toHaveValue('http://db.shop:5432/');
    expect(screen.queryByText(/only a runner inside the cluster/)).not.toBeInTheDocument();
    app.live.stop();
  });

  it('validates the runner fields, sends spec.runner, and puts the backend’s runner errors under them', async () => {
    const problem = {
      status: 400,
      title: 'One or more validation errors occurred.',
      detail: 'The run request is not valid; see the fields.',
      errors: { 'runner.namespace': ["'meshdock-load' cannot be used here, says the server."] },
    };
    const { transport, calls } = fakeTransport({
      'GET /api/perf/profiles': () => [],
      'GET /api/perf/targets': () => targets,
      'POST /api/perf/runs': () => {
        throw new ApiError(400, problem.detail, problem);
      },
    });
    setTransport(transport);
    const app = renderApp(<RunForm onStarted={vi.fn()} />);

    await userEvent.click(screen.getByRole('button', { name: 'Pods in the cluster' }));
    const pods = screen.getByLabelText('Runner pods');
    await userEvent.clear(pods);
    await userEvent.type(pods, '12');
    expect(screen.getByText(/10 connections cannot be shared by 12 pods/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start run' })).toBeDisabled();
    await userEvent.clear(pods);
    await userEvent.type(pods, '2');
    await userEvent.click(screen.getByLabelText("In the namespace's mesh"));
    await userEvent.click(screen.getByRole('button', { name: 'Start run' }));

    expect(await screen.findByText(/cannot be used here, says the server/)).toBeInTheDocument();
    expect(screen.getByLabelText('Runner namespace')).toHaveAttribute('aria-invalid', 'true');
    expect(calls.find((call) => call.method === 'POST')?.body).toMatchObject({
      spec: { runner: { where: 'cluster', namespace: 'meshdock-load', pods: 2, meshed: true } },
    });
    app.live.stop();
  });

  it('says before a cluster run when metrics-server is missing and what is lost, and installs it', async () => {
    const { transport, calls } = fakeTransport({
      'GET /api/perf/profiles': () => [],
      'GET /api/perf/targets': () => targets,
      'GET /api/metrics-server': () => ({
        state: 'missing',
        sentence: 'The cluster has no metrics API (metrics-server is not installed).',
        withoutIt: 'Without metrics-server, results keep latency, throughput and success rate but have no CPU or memory figures.',
        chartVersion: '3.12.2',
        installing: false,
      }),
      'POST /api/metrics-server/install': () => ({ id: 'op-ms' }),
    });
    setTransport(transport);
    const app = renderApp(<RunForm onStarted={vi.fn()} />);

    // The local runner measures no pods: nothing to say.
    expect(screen.queryByText(/Without metrics-server/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Pods in the cluster' }));
    const alert = (await screen.findByText(/Without metrics-server, results keep latency/)).closest('[role="alert"]') as HTMLElement;
    expect(alert).toHaveTextContent('no metrics API');
    await userEvent.click(within(alert).getByRole('button', { name: 'Install metrics-server 3.12.2' }));
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/metrics-server/install')).toBe(true);
    app.live.stop();
  });
});
