import { getTransport } from '../transport';
import type { Started } from '../operations/types';
import type {
  AttachRequest,
  Attachment,
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

export const attachFilter = (id: string, request: AttachRequest) =>
  getTransport().request<Started>('POST', `${filterUrl(id)}/attach`, request);

export const detachAttachment = (id: string) =>
  getTransport().request<Started>('POST', `/api/filters/attachments/${encodeURIComponent(id)}/detach`);

/** Image Hub with filter in one click: the built-in rate-limit filter with Image Hub's rules on the api workload. */
export const attachImageHubDemo = (mesh: string) => getTransport().request<Started>('POST', '/api/filters/imagehub-demo', { mesh });
