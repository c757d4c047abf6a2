import type { OverheadFigure, OverheadReport, OverheadRound, OverheadVariantKey } from '../api';

/** A figure whose delta is meshed − plain (or the meshed value itself for a figure only the mesh has). */
export function overheadFigure(key: string, label: string, unit: string, plain: number | null, meshed: number, deltaMin: number, deltaMax: number): OverheadFigure {
  return { key, label, unit, plain, meshed, delta: plain === null ? meshed : meshed - plain, deltaMin, deltaMax };
}

export const overheadRound = (variant: OverheadVariantKey, n: number, reportId = 'r1'): OverheadRound => ({
  round: n,
  runId: `${reportId}-${variant}-${n}`,
  status: 'succeeded',
  summary: null,
  resources: { app: null, proxy: null, controlPlane: null },
});

/** A finished two-round Istio report with three figures. */
export function overheadReport(overrides: Partial<OverheadReport> = {}): OverheadReport {
  const id = overrides.id ?? 'r1';
  return {
    id,
    name: 'What Istio costs (httpbin)',
    status: 'succeeded',
    meshId: 'istio',
    meshName: 'Istio',
    meshVersion: '1.30.3',
    workload: 'httpbin',
    profile: { urls: [], model: 'open', rps: 1000, connections: 16, durationSeconds: 30, warmupSeconds: 5, http2: false, insecureSkipVerify: false },
    rounds: 2,
    createdAt: '2026-12-05T18:00:00Z',
    resourcesMissing: null,
    variants: [
      { key: 'plain', namespace: `overhead-${id}-plain`, rounds: [overheadRound('plain', 1, id), overheadRound('plain', 2, id)] },
      { key: 'meshed', namespace: `overhead-${id}-meshed`, rounds: [overheadRound('meshed', 1, id), overheadRound('meshed', 2, id)] },
    ],
    figures: [
      overheadFigure('p99', 'Latency p99', 'ms', 1.5, 4.25, 2.5, 3),
      overheadFigure('throughput', 'Throughput', 'rps', 1000, 998, -3, -1),
      overheadFigure('proxyCpuPer1000Rps', 'Proxy CPU per 1,000 rps', 'millicores', null, 180, 170, 190),
    ],
    ...overrides,
  };
}
