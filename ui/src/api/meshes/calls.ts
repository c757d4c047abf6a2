import { getTransport } from '../transport';
import type { MeshesResponse, PreflightReport } from './types';

const meshUrl = (id: string) => `/api/meshes/${encodeURIComponent(id)}`;

export const listMeshes = () => getTransport().request<MeshesResponse>('GET', '/api/meshes');

export const getPreflight = (id: string) => getTransport().request<PreflightReport>('GET', `${meshUrl(id)}/preflight`);
