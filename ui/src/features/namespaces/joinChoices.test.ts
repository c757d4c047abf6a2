import { describe, expect, it } from 'vitest';
import type { Mesh } from '../../api';
import { joinChoices } from './joinChoices';

const mesh = (id: string, namespace: string, status: Mesh['state']['status'], releaseNamespaces: string[] = []): Mesh =>
  ({
    id,
    displayName: id,
    namespace,
    state: {
      status,
      version: null,
      reason: null,
      detectedBy: null,
      operationId: null,
      releases: releaseNamespaces.map((ns) => ({ name: id, namespace: ns, chartVersion: null, revision: 1, status: 'deployed' })),
    },
  }) as unknown as Mesh;

describe('joinChoices', () => {
  const joinable = [
    { meshId: 'istio', meshName: 'Istio' },
    { meshId: 'linkerd', meshName: 'Linkerd' },
    { meshId: 'kuma', meshName: 'Kuma' },
  ];

  it('offers only installed (or degraded) meshes and never their control-plane namespaces', () => {
    const choices = joinChoices(joinable, [
      mesh('istio', 'istio-system', 'installed', ['istio-system', 'istio-ingress']),
      mesh('linkerd', 'linkerd', 'notInstalled'),
      mesh('kuma', 'kuma-system', 'degraded'),
    ]);
    expect(choices.installed.map((item) => item.meshId)).toEqual(['istio', 'kuma']);
    expect([...choices.controlPlanes].sort()).toEqual(['istio-ingress', 'istio-system', 'kuma-system', 'linkerd']);
  });

  it('offers nothing until the mesh list is known', () => {
    expect(joinChoices(joinable, undefined).installed).toEqual([]);
  });
});
