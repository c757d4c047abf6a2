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
});
