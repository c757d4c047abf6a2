import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { loadResult, perfRun } from '../../test/perfFixtures';
import { renderApp } from '../../test/renderApp';
import { RunResult } from './RunResult';

afterEach(() => setTransport(undefined));

describe('RunResult', { timeout: 60_000 }, () => {
  it('shows a gRPC run’s outcomes as gRPC codes, not HTTP statuses', () => {
    setTransport(fakeTransport({}).transport);
    const run = perfRun({
      spec: { urls: ['grpc://127.0.0.1:50051/demo.Greeter/Hello'], model: 'closed', http2: false, insecureSkipVerify: false },
      result: loadResult({ requests: 500, responses: 500, statusCodes: {}, errors: [], grpcStatusCodes: { OK: 440, FAILED_PRECONDITION: 60 } }),
    });
    const app = renderApp(<RunResult run={run} />);

    const table = screen.getByRole('table', { name: 'gRPC status codes' });
    expect(within(table).getByText('FAILED_PRECONDITION')).toBeInTheDocument();
    expect(within(table).getByText('440')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Status codes' })).not.toBeInTheDocument();
    expect(screen.getByText('Failed calls').nextSibling).toHaveTextContent('60');
    expect(screen.getByText('Every call got an answer.')).toBeInTheDocument();
    app.live.stop();
  });

  it('keeps HTTP statuses for HTTP runs', () => {
    setTransport(fakeTransport({}).transport);
    const app = renderApp(<RunResult run={perfRun({ result: loadResult() })} />);

    expect(within(screen.getByRole('table', { name: 'Status codes' })).getByText('503')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'gRPC status codes' })).not.toBeInTheDocument();
    app.live.stop();
  });

  it('shows what a cluster run cost the proxies, the control plane and the runner pods', () => {
    setTransport(fakeTransport({}).transport);
    const group = (pods: number, cpu: number, memory: number) => ({
      samples: 3,
      pods,
      cpuMeanMillicores: cpu,
      cpuMaxMillicores: cpu + 2,
      memoryMeanMiB: memory,
      memoryMaxMiB: memory + 1,
      memoryPerPodMiB: memory / pods,
    });
    const base = perfRun();
    const run = perfRun({
      result: loadResult({ actualRps: 400 }),
      summary: {
        ...base.summary!,
        resources: {
          metricsLost: null,
          target: 'shop/web',
          mesh: 'Istio',
          proxyContainer: 'istio-proxy',
          app: group(2, 50, 40),
          proxy: group(2, 30, 80),
          controlPlane: group(1, 8, 60),
          runner: group(2, 240, 96),
        },
      },
    });
    const app = renderApp(<RunResult run={run} />);

    expect(screen.getByText('Proxy CPU per 1,000 rps').nextSibling).toHaveTextContent('75.0 m'); // 30 m at 400 rps
    expect(screen.getByText('Proxy memory per pod').nextSibling).toHaveTextContent('40.0 MiB');
    expect(screen.getByText('Control plane CPU').nextSibling).toHaveTextContent('8.0 m');
    expect(screen.getByText('Control plane memory').nextSibling).toHaveTextContent('60.0 MiB');
    const table = screen.getByRole('table', { name: 'Resources' });
    const runners = within(table).getByText('Runner pods').closest('tr')!;
    expect(runners).toHaveTextContent('240.0 m (242.0 m)');
    expect(within(table).getByText('Proxy (istio-proxy)')).toBeInTheDocument();
    app.live.stop();
  });

  it('says what a cluster run lost without metrics-server', () => {
    setTransport(fakeTransport({}).transport);
    const base = perfRun();
    const lost = 'The cluster has no metrics API (metrics-server is not installed). Without metrics-server, results have no CPU or memory figures.';
    const resources = { metricsLost: lost, target: null, mesh: null, proxyContainer: null, app: null, proxy: null, controlPlane: null, runner: null };
    const app = renderApp(<RunResult run={perfRun({ result: loadResult(), summary: { ...base.summary!, resources } })} />);

    expect(screen.getByText(lost)).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Resources' })).not.toBeInTheDocument();
    app.live.stop();
  });
});
