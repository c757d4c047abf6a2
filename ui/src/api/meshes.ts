import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from './queryKeys';
import { getTransport } from './transport';
import type { Started } from './types';

// Meshes, sample apps and cleanup (issue 4): shapes, calls and query hooks. Enums arrive camelCase.

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

export interface AppEndpoint {
  label: string;
  service: string;
  port: number;
  /** Where to open it from the host; null until the cluster assigned a node port. */
  url: string | null;
}

export interface AppDeployment {
  namespace: string;
  readyPods: number;
  totalPods: number;
  meshedPods: number;
  /** The mesh data plane the pods are in ("Istio (istio-proxy)"), or null. */
  proxy: string | null;
  endpoints: AppEndpoint[];
}

export interface SampleApp {
  id: string;
  name: string;
  description: string;
  images: string[];
  entrypoints: { service: string; port: number; label: string; path: string }[];
  deployments: AppDeployment[];
}

export interface AppsResponse {
  apps: SampleApp[];
  clusterProblem: string | null;
}

const meshUrl = (id: string) => `/api/meshes/${encodeURIComponent(id)}`;
const appUrl = (id: string) => `/api/apps/${encodeURIComponent(id)}`;

export const listMeshes = () => getTransport().request<MeshesResponse>('GET', '/api/meshes');
export const getPreflight = (id: string) => getTransport().request<PreflightReport>('GET', `${meshUrl(id)}/preflight`);
export const installMesh = (id: string, version: string | null) =>
  getTransport().request<Started>('POST', `${meshUrl(id)}/install`, version ? { version } : {});
export const upgradeMesh = (id: string, version: string) =>
  getTransport().request<Started>('POST', `${meshUrl(id)}/upgrade`, { version });
export const uninstallMesh = (id: string, removeCrds: boolean) =>
  getTransport().request<Started>('POST', `${meshUrl(id)}/uninstall`, { removeCrds });
export const listApps = () => getTransport().request<AppsResponse>('GET', '/api/apps');
export const deployApp = (id: string, namespace: string) =>
  getTransport().request<Started>('POST', `${appUrl(id)}/deploy`, { namespace });
export const removeApp = (id: string, namespace: string) =>
  getTransport().request<Started>('POST', `${appUrl(id)}/remove`, { namespace });
export const cleanupEverything = () => getTransport().request<Started>('POST', '/api/cleanup');

/** States change under running operations, so the list refreshes quickly while one runs and slowly otherwise. */
export function useMeshes() {
  return useQuery({
    queryKey: queryKeys.meshes,
    queryFn: listMeshes,
    refetchInterval: (query) =>
      query.state.data?.meshes.some((m) => m.state.status === 'installing' || m.state.status === 'uninstalling') ? 2_000 : 15_000,
  });
}

export function usePreflight(id: string, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.meshPreflight(id), queryFn: () => getPreflight(id), enabled, staleTime: 0, retry: false });
}

export function useApps() {
  return useQuery({ queryKey: queryKeys.apps, queryFn: listApps, refetchInterval: 10_000 });
}

/** Any start of a mesh/app operation: the lists and the operations drawer refresh. */
function useStart<TArgs>(start: (args: TArgs) => Promise<Started>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: start,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.meshes }),
        queryClient.invalidateQueries({ queryKey: queryKeys.apps }),
        queryClient.invalidateQueries({ queryKey: queryKeys.operationList }),
      ]),
  });
}

export const useInstallMesh = () => useStart((a: { id: string; version: string | null }) => installMesh(a.id, a.version));
export const useUpgradeMesh = () => useStart((a: { id: string; version: string }) => upgradeMesh(a.id, a.version));
export const useUninstallMesh = () => useStart((a: { id: string; removeCrds: boolean }) => uninstallMesh(a.id, a.removeCrds));
export const useDeployApp = () => useStart((a: { id: string; namespace: string }) => deployApp(a.id, a.namespace));
export const useRemoveApp = () => useStart((a: { id: string; namespace: string }) => removeApp(a.id, a.namespace));
export const useCleanup = () => useStart(() => cleanupEverything());
