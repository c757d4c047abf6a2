import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { perfRun } from '../../test/perfFixtures';
import { renderApp } from '../../test/renderApp';
import { RunDownloads } from './RunDownloads';

describe('RunDownloads', () => {
  it('offers Fortio JSON for a measured HTTP run, and SMP only for a gRPC run', () => {
    const http = renderApp(<RunDownloads run={perfRun()} />);
    expect(screen.getByRole('button', { name: 'Fortio JSON' })).toBeInTheDocument();
    http.live.stop();
    http.unmount();

    const grpc = perfRun({ spec: { urls: ['grpc://127.0.0.1:50051/grpc.health.v1.Health/Check'], model: 'closed', http2: false, insecureSkipVerify: false } });
    const app = renderApp(<RunDownloads run={grpc} />);
    expect(screen.getByRole('button', { name: 'SMP YAML' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Fortio JSON' })).not.toBeInTheDocument();
    app.live.stop();
  });
});
