import { getTransport } from '../transport';
import type {
  Attachment,
  BuiltInFilterState,
  FilterModule,
  MeshFilterSupport,
  SampleRequest,
  SampleResponse,
  Sandbox,
  SandboxRequest,
} from './types';

const filterUrl = (id: string) => `/api/filters/${encodeURIComponent(id)}`;
const sandboxUrl = (id: string) => `/api/sandbox/${encodeURIComponent(id)}`;

export const listFilters = () => getTransport().request<FilterModule[]>('GET', '/api/filters');

/** Null `problem` when the shipped rate-limit filter is registered; otherwise the sentence that says how to build it. */
export const getBuiltInFilterState = () => getTransport().request<BuiltInFilterState>('GET', '/api/filters/built-in');

/** Sends the module as the raw body; the backend validates it before storing anything (400 with the reason). */
export const uploadFilter = (name: string, bytes: Uint8Array) =>
  getTransport().upload<FilterModule>(`/api/filters?name=${encodeURIComponent(name)}`, { data: bytes, contentType: 'application/wasm' });

export const deleteFilter = (id: string) => getTransport().request<void>('DELETE', filterUrl(id));

/** Where the module downloads from (same origin in standalone mode). */
export const filterModuleUrl = (id: string) => `${filterUrl(id)}/module`;

export const listSandboxes = () => getTransport().request<Sandbox[]>('GET', '/api/sandbox');

export const startSandbox = (request: SandboxRequest) => getTransport().request<Sandbox>('POST', '/api/sandbox', request);

export const stopSandbox = (id: string) => getTransport().request<void>('DELETE', sandboxUrl(id));

export const sendThroughSandbox = (id: string, request: SampleRequest) =>
  getTransport().request<SampleResponse>('POST', `${sandboxUrl(id)}/requests`, request);

export const listFilterMeshes = () => getTransport().request<MeshFilterSupport[]>('GET', '/api/filters/meshes');

export const listAttachments = () => getTransport().request<Attachment[]>('GET', '/api/filters/attachments');

