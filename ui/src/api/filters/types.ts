// Shapes of the proxy-wasm filter registry, its attachments to meshes, and the local sandbox.

/** A proxy-wasm module in the registry (GET /api/filters). */
export interface FilterModule {
  id: string;
  name: string;
  sha256: string;
  /** The newest proxy-wasm ABI whose marker the module exports, e.g. "0.2.1". */
  abiVersion: string;
  size: number;
  exports: string[];
  /** `module.name`, e.g. `env.proxy_log`. */
  imports: string[];
  builtIn: boolean;
  /** The configuration used when none is given (built-ins only). */
  defaultPluginConfig: Record<string, unknown> | null;
  createdAt: string;
}

export interface SandboxRequest {
  filterId: string | null;
  pluginConfig?: Record<string, unknown> | string | null;
  /** `imagehub` for the embedded Image Hub, or an http(s) URL. */
  upstream: string;
  /** The text `proxy_on_vm_start` reads. */
  vmConfiguration?: string;
  /** Envoy's root_id; left out, the filter's name (what the meshes use). */
  rootId?: string;
}

export interface Sandbox {
  id: string;
  /** An origin such as http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** The operation whose events carry the filter's log; cancelling it stops the sandbox. */
  operationId: string;
  filterId: string | null;
  filterName: string | null;
  pluginConfig: string | null;
  vmConfiguration: string | null;
  rootId: string | null;
  upstream: string;
  upstreamUrl: string;
  startedAt: string;
  counters: { requests: number; localResponses: number; filterFailures: number; upstreamErrors: number };
}

/** A request the backend sends through a sandbox for the panel (which cannot reach the sandbox's port). */
export interface SampleRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | null;
}

export interface SampleResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
}

/** Whether filters can attach to a mesh (GET /api/filters/meshes). */
export interface MeshFilterSupport {
  mesh: string;
  displayName: string;
  /** WasmPlugin, ServiceDefaults or MeshProxyPatch; null when the mesh cannot run proxy-wasm. */
  objectKind: string | null;
  /** Why filters cannot attach (shown instead of the button). */
  reason: string | null;
  supported: boolean;
}

export interface AttachRequest {
  mesh: string;
  namespace: string;
  workloadSelector: Record<string, string>;
  /** A JSON object, or plain text (Consul and Kuma only); null = the filter's default. */
  pluginConfig: Record<string, unknown> | string | null;
  /** The text `proxy_on_vm_start` reads (Consul and Kuma only). */
  vmConfiguration?: string;
  /** Envoy's root_id; left out, the filter's name. */
  rootId?: string;
}

export interface Attachment {
  id: string;
  filterId: string;
  filterName: string;
  sha256: string;
  mesh: string;
  namespace: string;
  workloadSelector: Record<string, string>;
  pluginConfig: string;
  /** The root id the mesh object names (the filter's name unless another was asked for). */
  rootId: string;
  /** What proxy_on_vm_start reads; empty for none. */
  vmConfiguration: string;
  objectKind: string;
  objectName: string;
  objectNamespace: string;
  status: 'attaching' | 'attached' | 'detaching' | 'failed';
  operationId: string | null;
  createdAt: string;
}

export interface BuiltInFilterState {
  /** Null when the built-in rate-limit filter is registered; otherwise what to install and run to get it. */
  problem: string | null;
}
