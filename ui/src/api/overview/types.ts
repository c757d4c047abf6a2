// Shapes of the cluster and Docker engine endpoints. Kubeconfig credentials never appear here: the backend returns
// context names and server addresses only.

export interface ConnectionAttempt {
  address: string;
  /** The name TLS verified when it differs from the address's host. */
  tlsServerName: string | null;
  /** Why this address was tried, e.g. "the host gateway, verifying TLS as kubernetes.docker.internal". */
  why: string;
  ok: boolean;
  failure: string | null;
  error: string | null;
}

export interface NodeSummary {
  name: string;
  ready: boolean;
  cores: number;
  memoryBytes: number;
  allocatableCores: number;
  allocatableMemoryBytes: number;
  kubeletVersion: string | null;
  osImage: string | null;
  architecture: string | null;
}

export interface InstalledMesh {
  id: string;
  name: string;
  version: string | null;
  status: string;
  reason: string | null;
}

export interface ClusterOverview {
  connected: boolean;
  context: string | null;
  /** The kubeconfig the context came from: a path, or "uploaded". */
  source: string | null;
  /** The server address as the kubeconfig writes it. */
  server: string | null;
  /** The address that answered (may differ inside Docker Desktop's container). */
  serverAddressUsed: string | null;
  tlsServerName: string | null;
  inContainer: boolean;
  version: { gitVersion: string; platform: string | null; major: number | null; minor: number | null } | null;
  nodes: NodeSummary[];
  metricsApi: boolean | null;
  installedMeshes: InstalledMesh[];
  /** Why the cluster cannot be reached and what to do; null when connected. */
  reason: string | null;
  /** e.g. "connectionRefused"; "execNeedsConfirmation" while `pendingExec` waits for the user. */
  failureKind: string | null;
  attempts: ConnectionAttempt[];
  warnings: string[];
  /** The pasted kubeconfig's exec credential plugin, which runs only once the user confirms this command. */
  pendingExec?: ExecPlugin | null;
}

/** A program a kubeconfig runs to get credentials. Environment values may be secrets: only their names are shown. */
export interface ExecPlugin {
  user: string;
  command: string;
  args: string[];
  envNames: string[];
  fingerprint: string;
}

export interface ContextInfo {
  name: string;
  cluster: string | null;
  user: string | null;
  server: string | null;
  namespace: string | null;
  source: string;
  authKind: 'token' | 'certificate' | 'exec' | 'auth-provider' | 'basic' | 'none';
  /** Why this context cannot be used here; null when it can. */
  problem: string | null;
}

export interface ContextList {
  selected: string | null;
  contexts: ContextInfo[];
  sources: string[];
  uploaded: boolean;
  problems: string[];
}

export interface KubernetesContainers {
  kubeSystemTotal: number;
  kubeSystemRunning: number;
  kindNodes: string[];
  seemsRunning: boolean;
  hint: string;
}

export interface DockerEngine {
  available: boolean;
  socket: string;
  version: string | null;
  apiVersion: string | null;
  operatingSystem: string | null;
  osType: string | null;
  architecture: string | null;
  dockerDesktop: boolean;
  kubernetes: KubernetesContainers | null;
  reason: string | null;
}
