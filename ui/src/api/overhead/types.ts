// Shapes of the overhead report ("What does this mesh cost?").
import type { PercentilePoint, PerfRunSummary, PerfSpec, ResourceSummary } from '../performance/types';

export interface OverheadRound {
  round: number;
  runId: string;
  status: string;
  summary: PerfRunSummary | null;
  resources: { app: ResourceSummary | null; proxy: ResourceSummary | null; controlPlane: ResourceSummary | null };
}

export interface OverheadVariant {
  key: 'plain' | 'meshed';
  namespace: string;
  rounds: OverheadRound[];
}

/** Plain and meshed means across rounds, the mean per-round delta and its smallest and largest value. */
export interface OverheadFigure {
  key: string;
  label: string;
  unit: string;
  plain: number | null;
  meshed: number | null;
  delta: number | null;
  deltaMin: number | null;
  deltaMax: number | null;
}

export interface OverheadReport {
  id: string;
  name: string;
  status: string;
  meshId: string;
  meshName: string;
  meshVersion: string | null;
  workload: string;
  profile: PerfSpec;
  rounds: number;
  createdAt: string;
  resourcesMissing: string | null;
  variants: OverheadVariant[];
  figures: OverheadFigure[] | null;
}

export interface OverheadCurve {
  variant: 'plain' | 'meshed';
  round: number;
  runId: string;
  percentileCurve: PercentilePoint[];
}

export interface StartOverheadRequest {
  mesh: string;
  workload?: string;
  profile?: PerfSpec;
  rounds?: number;
  name?: string;
}
