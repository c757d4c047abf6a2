import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PlacementNote } from './PlacementNote';

describe('PlacementNote', () => {
  it('says when the local runner sent a loopback target to the host instead', () => {
    render(<PlacementNote placement={{ where: 'local', targetRewrittenFrom: 'http://127.0.0.1:8080/' }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('host.docker.internal instead of http://127.0.0.1:8080/');
  });

  it('says nothing about a local run that went where it was asked', () => {
    const { container } = render(<PlacementNote placement={{ where: 'local' }} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('names the runner pods and whether the mesh injected them, warning when it was asked to and did not', () => {
    const cluster = { where: 'cluster', namespace: 'load', pods: 2, mesh: 'Istio', runnerImage: 'meshdock/meshdock-extension:latest' } as const;
    const { rerender } = render(<PlacementNote placement={{ ...cluster, meshed: true, injected: true }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('2 runner pods in load (meshdock/meshdock-extension:latest), injected by Istio');

    rerender(<PlacementNote placement={{ ...cluster, meshed: true, injected: false }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('not injected although asked to be');

    rerender(<PlacementNote placement={{ ...cluster, meshed: false, injected: false }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('outside any mesh proxy');
  });
});
