import type { LatencyStats, LoadResult, PerfRun } from '../api';

export function latencyStats(overrides: Partial<LatencyStats> = {}): LatencyStats {
  return {
    count: 1000,
    minMs: 0.2,
    meanMs: 1.1,
    stdDevMs: 0.4,
    p50Ms: 1,
    p75Ms: 1.2,
    p90Ms: 1.6,
    p99Ms: 3.2,
    p999Ms: 6,
    p9999Ms: 8,
    maxMs: 9,
    distribution: [
      { fromMs: 0.1, toMs: 1, count: 400 },
      { fromMs: 1, toMs: 10, count: 600 },
    ],
    percentileCurve: [
      { percentile: 0, valueMs: 0.2 },
      { percentile: 50, valueMs: 1 },
      { percentile: 99, valueMs: 3.2 },
      { percentile: 100, valueMs: 9 },
    ],
    histogram: '',
    ...overrides,
  };
}

export function loadResult(overrides: Partial<LoadResult> = {}): LoadResult {
  return {
    spec: {},
    startTime: '2026-11-25T18:00:00Z',
    endTime: '2026-11-25T18:00:10Z',
    durationSeconds: 10,
    cancelled: false,
    requests: 1000,
    responses: 990,
    actualRps: 100,
    warmupRequests: 0,
    statusCodes: { '200': 980, '503': 10 },
    grpcStatusCodes: {},
    errors: [{ kind: 'connectRefused', count: 10, firstMessage: 'Connection refused (127.0.0.1:8080)' }],
    bytesSent: 80_000,
    bytesReceived: 200_000,
    latency: latencyStats(),
    serviceTime: latencyStats({ p99Ms: 2.1 }),
    schedule: null,
    timeline: [],
    ...overrides,
  };
}

export function perfRun(overrides: Partial<PerfRun> = {}): PerfRun {
  return {
    id: 'run-1',
    name: 'baseline',
    source: 'measured',
    status: 'succeeded',
    profileId: null,
    targetHost: '127.0.0.1:8080',
    spec: { urls: ['http://127.0.0.1:8080/'], model: 'open', rps: 100, http2: false, insecureSkipVerify: false },
    createdAt: '2026-11-25T18:00:00Z',
    summary: {
      startTime: '2026-11-25T18:00:00Z',
      endTime: '2026-11-25T18:00:10Z',
      durationSeconds: 10,
      requests: 1000,
      actualRps: 100,
      errors: 0,
      cancelled: false,
      latency: { minMs: 0.2, meanMs: 1.1, p50Ms: 1, p75Ms: 1.2, p90Ms: 1.6, p99Ms: 3.2, p999Ms: 6, maxMs: 9 },
      statusCodes: { '200': 1000 },
    },
    ...overrides,
  };
}
