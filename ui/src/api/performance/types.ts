// Shapes of `/api/perf/*`: camelCase JSON, times as ISO-8601 UTC strings, latencies in milliseconds.

export type LoadModel = 'open' | 'closed';

export interface PerfSpec {
  urls: string[];
  method?: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  body?: string;
  contentType?: string;
  model: LoadModel;
  /** Open model only: the fixed rate, 1..1,000,000. */
  rps?: number;
  connections?: number;
  /** One of durationSeconds and requests is required; with both, whichever comes first ends the run. */
  durationSeconds?: number;
  requests?: number;
  warmupSeconds?: number;
  timeoutSeconds?: number;
  http2: boolean;
  insecureSkipVerify: boolean;
  caCertificatePem?: string;
  /** HTTP/2 and gRPC: requests in flight on each connection (h2load's -m), 1..256. */
  streams?: number;
  /** gRPC methods other than the health check: the request and where its type comes from. */
  grpc?: GrpcRequest;
  /** Where the load comes from; Meshdock's own process when left out. */
  runner?: PerfRunnerSpec;
}

export interface GrpcRequest {
  /** The request message in proto3 JSON; left out for the empty message. */
  json?: string;
  /** The text of the proto3 .proto file that defines the method. */
  proto?: string;
  /** The files `proto` imports, by the path its import statements give, each with its text. */
  imports?: Record<string, string>;
  /** Ask the server's reflection service instead of a .proto file. */
  reflection?: boolean;
}

/** `local`: Meshdock's process. `cluster`: an indexed Job of `pods` runner pods in `namespace`, injected by its mesh when `meshed`. */
export interface PerfRunnerSpec {
  where: 'local' | 'cluster';
  namespace?: string;
  pods?: number;
  meshed?: boolean;
}

/** Where a run's load really came from, and what Meshdock changed or found on the way. */
export interface PerfPlacement {
  where: 'local' | 'cluster';
  /** The URL as given, when the local runner in the extension's container sent it to host.docker.internal instead. */
  targetRewrittenFrom?: string | null;
  namespace?: string | null;
  pods?: number | null;
  meshed?: boolean | null;
  mesh?: string | null;
  /** Whether the runner pods had a mesh proxy; null when unknown. */
  injected?: boolean | null;
  runnerImage?: string | null;
  job?: string | null;
}

/** A Service a run can target, with the URL each runner reaches it by (`localUrl` null: ClusterIP only). */
export interface PerfTarget {
  namespace: string;
  service: string;
  port: number;
  portName: string | null;
  type: string;
  app: string | null;
  mesh: string | null;
  clusterUrl: string;
  localUrl: string | null;
}

export interface PerfTargetList {
  targets: PerfTarget[];
}

export interface PerfProfile {
  id: string;
  name: string;
  spec: PerfSpec;
  createdAt: string;
  updatedAt: string;
}

export interface PerfProfileRequest {
  name: string;
  spec: PerfSpec;
}

export interface StartPerfRunRequest {
  profileId?: string;
  name?: string;
  spec?: PerfSpec;
}

export const perfRunStatuses = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type PerfRunStatus = (typeof perfRunStatuses)[number];

export interface LatencySummary {
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p75Ms?: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms?: number;
  p9999Ms?: number;
  maxMs: number;
}

/** Imported runs may lack any figure SMP does not carry: those are null. */
export interface PerfRunSummary {
  startTime: string;
  endTime: string;
  durationSeconds: number | null;
  requests: number | null;
  actualRps: number | null;
  errors: number | null;
  cancelled: boolean;
  latency: LatencySummary | null;
  /** HTTP runs: answers per status. gRPC runs: only the answers that carried no gRPC status. */
  statusCodes: Record<string, number> | null;
  /** Measured runs: where the load came from. */
  placement?: PerfPlacement | null;
  /** gRPC runs only: calls per gRPC status name (OK, UNAVAILABLE…); null for HTTP runs and imports without codes. */
  grpcStatusCodes?: Record<string, number> | null;
  /** Cluster runs: what the target, its mesh and the runner pods used while the run lasted. */
  resources?: PerfResources | null;
}

/** A group's usage over one run: mean and max of its summed CPU (millicores) and memory (MiB). */
export interface ResourceSummary {
  samples: number;
  pods: number;
  cpuMeanMillicores: number | null;
  cpuMaxMillicores: number | null;
  memoryMeanMiB: number | null;
  memoryMaxMiB: number | null;
  memoryPerPodMiB: number | null;
}

/** Read from the metrics API during a cluster run; a group is null when it was not measured. */
export interface PerfResources {
  /** What is lost and why, when the metrics API was not served; the groups are then null. */
  metricsLost: string | null;
  /** The target Service as namespace/name. */
  target: string | null;
  mesh: string | null;
  proxyContainer: string | null;
  app: ResourceSummary | null;
  proxy: ResourceSummary | null;
  controlPlane: ResourceSummary | null;
  runner: ResourceSummary | null;
}

export interface HistogramBucket {
  fromMs: number;
  toMs: number;
  count: number;
}

/** `percentile` is 0..100 (HdrHistogram's percentile iteration). */
export interface PercentilePoint {
  percentile: number;
  valueMs: number;
}

export interface LatencyStats {
  count: number;
  minMs: number;
  meanMs: number;
  stdDevMs: number;
  p50Ms: number;
  p75Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  p9999Ms: number;
  maxMs: number;
  distribution: HistogramBucket[];
  percentileCurve: PercentilePoint[];
  /** HdrHistogram V2 compressed, base64. */
  histogram: string;
}

export type LoadErrorKind = 'connectRefused' | 'timeout' | 'tls' | 'reset' | 'other';

export interface LoadErrorSummary {
  kind: LoadErrorKind;
  count: number;
  firstMessage: string;
}

export interface ScheduleStats {
  scheduled: number;
  missed: number;
  late: number;
  lateThresholdMs: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
}

export interface TimelineSecond {
  second: number;
  elapsedSeconds: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  totalRequests: number;
}

export interface LoadResult {
  spec: unknown;
  startTime: string;
  endTime: string;
  durationSeconds: number;
  cancelled: boolean;
  requests: number;
  responses: number;
  actualRps: number;
  warmupRequests: number;
  statusCodes: Record<string, number>;
  /** gRPC runs: calls by grpc-status name (OK, NOT_FOUND…); empty for HTTP. */
  grpcStatusCodes: Record<string, number>;
  errors: LoadErrorSummary[];
  bytesSent: number;
  bytesReceived: number;
  /** Open model: from each request's intended send time (coordinated-omission corrected). */
  latency: LatencyStats;
  /** From the actual send to the response (uncorrected). */
  serviceTime: LatencyStats;
  schedule: ScheduleStats | null;
  timeline: TimelineSecond[];
}

export interface PerfRun {
  id: string;
  name: string;
  source: 'measured' | 'imported';
  status: PerfRunStatus;
  profileId: string | null;
  targetHost: string;
  spec: PerfSpec;
  createdAt: string;
  summary: PerfRunSummary | null;
  /** Only on `GET /api/perf/runs/{id}`, and only for measured runs. */
  result?: LoadResult | null;
}

export interface PerfRunFilters {
  profileId?: string;
  host?: string;
  status?: PerfRunStatus;
  since?: string;
  limit?: number;
}

/** The `data` of a perf run's `progress` event: one per second. */
export interface PerfProgress {
  done: number;
  total: number;
  second: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  totalRequests: number;
}

/** Null where either run lacks the figure (an imported run without it). */
export interface PerfDeltas {
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  throughputPercent: number | null;
  /** Change of the share of successes (2xx, or gRPC OK), in percentage points. */
  successRatePoints: number | null;
  /** Change of successes per second, in percent. */
  goodRpsPercent: number | null;
}

export interface StatusCount {
  code: number;
  count: number;
}

/** What a run's requests got back, by class; socket errors are requests without an HTTP answer. */
export interface StatusBreakdown {
  requests: number;
  success2xx: number;
  redirect3xx: number;
  clientError4xx: number;
  serverError5xx: number;
  socketErrors: number;
  /** The most frequent codes, most frequent first. */
  topCodes: StatusCount[];
  successRatePercent: number | null;
  /** 2xx per second. */
  goodRps: number | null;
}

export interface GrpcCodeCount {
  name: string;
  count: number;
}

/** What a gRPC run's calls got back: OK against the other gRPC codes, HTTP answers without a gRPC status, no answer. */
export interface GrpcBreakdown {
  requests: number;
  ok: number;
  notOk: number;
  httpErrors: number;
  socketErrors: number;
  /** The most frequent gRPC codes by name, most frequent first. */
  topCodes: GrpcCodeCount[];
  successRatePercent: number | null;
  /** OK per second. */
  goodRps: number | null;
}

export interface PerfComparedRun {
  run: PerfRun;
  /** An HTTP run's statuses; null for gRPC runs and runs without status codes (an import without them). */
  outcome: StatusBreakdown | null;
  /** A gRPC run's codes; null for HTTP runs and gRPC runs without codes. */
  grpcOutcome?: GrpcBreakdown | null;
  /** Against the baseline; null for the baseline itself. */
  deltas: PerfDeltas | null;
  distribution: HistogramBucket[] | null;
  percentileCurve: PercentilePoint[] | null;
}

export interface PerfComparison {
  baseline: string;
  runs: PerfComparedRun[];
  /** Sentences saying how the runs were generated differently (model, rate, connections, protocol). */
  warnings: string[];
}

export type SmpFormat = 'yaml' | 'json';
