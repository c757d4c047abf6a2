import type { Started } from '../operations/types';
import { getTransport } from '../transport';
import type { MeshesResponse, PreflightReport } from './types';

const meshUrl = (id: string) => `/api/meshes/${encodeURIComponent(id)}`;

export const listMeshes = () => getTransport().request<MeshesResponse>('GET', '/api/meshes');

export const getPreflight = (id: string) => getTransport().request<PreflightReport>('GET', `${meshUrl(id)}/preflight`);

export const installMesh = (id: string, version: string | null) =>
  getTransport().request<Started>('POST', `${meshUrl(id)}/install`, version ? { version } : {});

export const upgradeMesh = (id: string, version: string) =>
  getTransport().request<Started>('POST', `${meshUrl(id)}/upgrade`, { version });

export const uninstallMesh = (id: string, removeCrds: boolean) =>
  getTransport().request<Started>('POST', `${meshUrl(id)}/uninstall`, { removeCrds });
