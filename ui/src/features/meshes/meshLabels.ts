import type { DataPlaneKind, MeshStatus, ProjectStatus, WasmAttachment } from '../../api';

type Tone = 'default' | 'info' | 'success' | 'warning' | 'error';

export const meshStatusLabel: Record<MeshStatus, string> = {
  notInstalled: 'Not installed',
  installing: 'Installing',
  uninstalling: 'Uninstalling',
  installed: 'Installed',
  degraded: 'Degraded',
  unknown: 'Unknown',
};

export const meshStatusTone: Record<MeshStatus, Tone> = {
  notInstalled: 'default',
  installing: 'info',
  uninstalling: 'info',
  installed: 'success',
  degraded: 'warning',
  unknown: 'default',
};

export const projectStatusLabel: Record<ProjectStatus, string> = {
  active: 'Active',
  dormant: 'Dormant',
  archived: 'Archived',
  endOfLife: 'End of life',
};

export const projectStatusTone: Record<ProjectStatus, Tone> = {
  active: 'success',
  dormant: 'warning',
  archived: 'error',
  endOfLife: 'error',
};

export const dataPlaneLabel: Record<DataPlaneKind, string> = {
  sidecar: 'Sidecar proxies',
  ambient: 'Ambient (node proxy + waypoints)',
  nodeProxy: 'Node proxy',
};

export const wasmLabel: Record<WasmAttachment, string> = {
  none: 'No WebAssembly filters',
  istioWasmplugin: 'Wasm via WasmPlugin',
  consulServicedefaults: 'Wasm via ServiceDefaults',
  kumaMeshproxypatch: 'Wasm via MeshProxyPatch',
};

/** "~1 CPU, 2 GiB" from the catalog's needs. */
export function formatNeeds(cpuMillicores: number, memoryMiB: number): string {
  const cpu = cpuMillicores % 1000 === 0 ? `${cpuMillicores / 1000}` : (cpuMillicores / 1000).toFixed(1);
  const memory = memoryMiB >= 1024 ? `${+(memoryMiB / 1024).toFixed(1)} GiB` : `${memoryMiB} MiB`;
  return `~${cpu} CPU, ${memory}`;
}
