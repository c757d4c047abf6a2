// Shapes of the mesh catalog and each mesh's state on the cluster. Enums arrive camelCase.

export type MeshStatus = 'notInstalled' | 'installing' | 'uninstalling' | 'installed' | 'degraded' | 'unknown';
export type ProjectStatus = 'active' | 'dormant' | 'archived' | 'endOfLife';
export type DataPlaneKind = 'sidecar' | 'ambient' | 'nodeProxy';
export type WasmAttachment = 'none' | 'istioWasmplugin' | 'consulServicedefaults' | 'kumaMeshproxypatch';

export interface MembershipRule {
  kind: 'label' | 'annotation';
  key: string;
  value: string;
  scope: 'namespace' | 'pod' | 'service';
}

export interface MeshState {
  status: MeshStatus;
  version: string | null;
  /** Why it is degraded or unknown; the running operation's title while installing. */
  reason: string | null;
  detectedBy: 'helm' | 'workloads' | null;
  operationId: string | null;
  /** Its helm releases when helm found it; empty when found by its workloads. */
  releases: MeshRelease[];
  /** The last install, upgrade or uninstall when it failed and left the mesh degraded or absent. */
  lastFailure?: MeshFailure | null;
}

/** A failed operation of a mesh: its title, its error sentence and when it ended. */
export interface MeshFailure {
  operationId: string;
  title: string;
  error: string;
  finishedAt: string;
}

/** One helm release of a mesh; the revision counts its installs and upgrades (1 after the install). */
export interface MeshRelease {
  name: string;
  namespace: string;
  chartVersion: string | null;
  revision: number | null;
  status: string;
}

export interface Mesh {
  id: string;
  displayName: string;
  description: string;
  project: { status: ProjectStatus; note: string };
  dataPlane: DataPlaneKind;
  namespace: string;
  defaultVersion: string | null;
  versions: string[];
  /** Newer versions the chart repository offers that Meshdock has not tried (empty when it cannot be reached). */
  untestedVersions?: string[];
  membership: MembershipRule[];
  wasm: { attach: WasmAttachment; reason: string | null };
  resources: { cpuMillicores: number; memoryMiB: number; minKubernetes: string | null };
  warnings: string[];
  sidecarContainer: string | null;
  state: MeshState;
}

export interface MeshesResponse {
  meshes: Mesh[];
  helm: { available: boolean; note: string | null };
  /** Why the cluster could not be reached; mesh states are then unknown. */
  clusterProblem: string | null;
}

export interface PreflightCheck {
  name: string;
  level: 'ok' | 'warning';
  message: string;
}

export interface PreflightReport {
  meshId: string;
  ok: boolean;
  checks: PreflightCheck[];
}
