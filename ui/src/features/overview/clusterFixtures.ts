import type { ClusterOverview, ContextList, DockerEngine } from '../../api';

export function connectedCluster(overrides: Partial<ClusterOverview> = {}): ClusterOverview {
  return {
    connected: true,
    context: 'docker-desktop',
    source: '/root/.kube/config',
    server: 'https://127.0.0.1:6443',
    serverAddressUsed: 'https://host.docker.internal:6443',
    tlsServerName: 'kubernetes.docker.internal',
    inContainer: true,
    version: { gitVersion: 'v1.32.2', platform: 'linux/arm64', major: 1, minor: 32 },
    nodes: [
      {
        name: 'docker-desktop',
        ready: true,
        cores: 8,
        memoryBytes: 8_225_546_240,
        allocatableCores: 7.5,
        allocatableMemoryBytes: 7_516_192_768,
        kubeletVersion: 'v1.32.2',
        osImage: 'Docker Desktop',
        architecture: 'arm64',
      },
    ],
    metricsApi: false,
    installedMeshes: [],
    reason: null,
    failureKind: null,
    attempts: [],
    warnings: [],
    ...overrides,
  };
}

export const refusedSentence =
  'Kubernetes is not enabled in Docker Desktop, or is still starting: nothing answers at https://host.docker.internal:6443. Turn it on in Docker Desktop: Settings → Kubernetes → Enable Kubernetes, then wait until its status is green.';

export function unreachableCluster(): ClusterOverview {
  return connectedCluster({
    connected: false,
    serverAddressUsed: null,
    tlsServerName: null,
    version: null,
    nodes: [],
    metricsApi: null,
    reason: refusedSentence,
    failureKind: 'connectionRefused',
    attempts: [
      { address: 'https://kubernetes.docker.internal:6443', tlsServerName: null, why: "Docker Desktop's API server name", ok: false, failure: 'nameNotResolved', error: 'the name kubernetes.docker.internal does not resolve' },
      { address: 'https://host.docker.internal:6443', tlsServerName: 'kubernetes.docker.internal', why: 'the host gateway, verifying TLS as kubernetes.docker.internal', ok: false, failure: 'connectionRefused', error: 'connection refused' },
    ],
  });
}

export function contextList(overrides: Partial<ContextList> = {}): ContextList {
  return {
    selected: 'docker-desktop',
    contexts: [
      { name: 'docker-desktop', cluster: 'docker-desktop', user: 'docker-desktop', server: 'https://127.0.0.1:6443', namespace: null, source: '/root/.kube/config', authKind: 'certificate', problem: null },
      { name: 'eks-prod', cluster: 'eks', user: 'eks', server: 'https://abc.eks.amazonaws.com', namespace: null, source: '/root/.kube/config', authKind: 'exec', problem: "User 'eks' gets its credentials by running 'aws'…" },
    ],
    sources: ['/root/.kube/config'],
    uploaded: false,
    problems: [],
    ...overrides,
  };
}

export function dockerEngine(overrides: Partial<DockerEngine> = {}): DockerEngine {
  return {
    available: true,
    socket: '/var/run/docker.sock',
    version: '28.3.2',
    apiVersion: '1.51',
    operatingSystem: 'Docker Desktop',
    osType: 'linux',
    architecture: 'aarch64',
    dockerDesktop: true,
    kubernetes: { kubeSystemTotal: 9, kubeSystemRunning: 9, kindNodes: [], seemsRunning: true, hint: "Docker Desktop's Kubernetes seems to run: 9 of its kube-system containers are running." },
    reason: null,
    ...overrides,
  };
}
