import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { renderApp } from '../../test/renderApp';
import { dockerEngine } from './clusterFixtures';
import { DockerCard } from './DockerCard';

afterEach(() => setTransport(undefined));

describe('DockerCard', () => {
  it("shows the engine and the hint about Docker Desktop's Kubernetes", async () => {
    setTransport(fakeTransport({ 'GET /api/docker': () => dockerEngine() }).transport);
    const app = renderApp(<DockerCard />);

    expect(await screen.findByText('28.3.2')).toBeInTheDocument();
    expect(screen.getByText('Docker Desktop')).toBeInTheDocument();
    expect(screen.getByText("Docker Desktop's Kubernetes seems to run: 9 of its kube-system containers are running.")).toBeInTheDocument();
    app.live.stop();
  });

  it('says why the engine cannot be asked', async () => {
    const reason = 'There is no Docker engine socket at /var/run/docker.sock: the extension\'s container must mount it.';
    setTransport(fakeTransport({ 'GET /api/docker': () => dockerEngine({ available: false, version: null, kubernetes: null, reason }) }).transport);
    const app = renderApp(<DockerCard />);

    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(screen.queryByText('Version')).not.toBeInTheDocument();
    app.live.stop();
  });
});
