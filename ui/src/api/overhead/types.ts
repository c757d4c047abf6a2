// Shapes of the overhead report ("What does this mesh cost?").
import type { PercentilePoint, PerfRunSummary, PerfSpec, ResourceSummary } from '../performance/types';

export interface OverheadRound {
  round: number;
  runId: string;
  status: string;
  summary: PerfRunSummary | null;
  resources: { app: ResourceSummary | null; proxy: ResourceSummary | null; controlPlane: ResourceSummary | null };
}

/** `filtered`: a third namespace in the mesh with a proxy-wasm filter attached to the workload. */
export type OverheadVariantKey = 'plain' | 'meshed' | 'filtered';

export interface OverheadVariant {
  key: OverheadVariantKey;
  namespace: string;
  /** The filtered variant's filter (its name in the registry); null for the others. */
  filter?: string | null;
  /** That filter's attachment (listed on the Filters page), removed with the report. */
  attachmentId?: string | null;
  rounds: OverheadRound[];
}

/**
 * Plain and meshed means across rounds, the mean per-round delta and its smallest and largest value; with a filtered
 * variant, its mean and its delta against the plain namespace likewise (null without one).
 */
export interface OverheadFigure {
  key: string;
  label: string;
  unit: string;
  plain: number | null;
  meshed: number | null;
  delta: number | null;
  deltaMin: number | null;
  deltaMax: number | null;
  filtered?: number | null;
  filteredDelta?: number | null;
  filteredDeltaMin?: number | null;
  filteredDeltaMax?: number | null;
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
  variant: OverheadVariantKey;
  round: number;
  runId: string;
  percentileCurve: PercentilePoint[];
}

/** The filter the third namespace's workload gets; the fields as the attach dialog sends them. */
export interface OverheadFilterRequest {
  name: string;
  configuration?: Record<string, unknown> | string | null;
  vmConfiguration?: string;
  rootId?: string;
}

export interface StartOverheadRequest {
  mesh: string;
  workload?: string;
  profile?: PerfSpec;
  rounds?: number;
  name?: string;
  filter?: OverheadFilterRequest;
  /** How many runner pods share each run's load (1 to 20, default 1). */
  runnerPods?: number;
}
