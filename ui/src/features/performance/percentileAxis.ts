import type { HistogramBucket, PercentilePoint } from '../../api';

// The classic HdrHistogram percentile plot: x = log10(1 / (1 − p)), so 90 %, 99 %, 99.9 % … are evenly spaced.

/** The last tick: 99.9999 %. Points beyond it (p = 100 %) are drawn at it. */
export const maxNines = 6;

export function percentileToX(percentile: number): number {
  const remaining = 1 - percentile / 100;
  return remaining <= 10 ** -maxNines ? maxNines : Math.log10(1 / remaining);
}

export const percentileTicks = Array.from({ length: maxNines + 1 }, (_, nines) => nines);

/** 0 → "0%", 1 → "90%", 2 → "99%", 3 → "99.9%" … */
export function formatPercentileTick(x: number): string {
  const nines = Math.round(x);
  if (nines === 0) return '0%';
  return `${(100 - 100 / 10 ** nines).toFixed(Math.max(0, nines - 2))}%`;
}

export interface CurvePoint {
  x: number;
  percentile: number;
  valueMs: number;
}

export const toCurve = (points: readonly PercentilePoint[]): CurvePoint[] =>
  points.map((point) => ({ x: percentileToX(point.percentile), percentile: point.percentile, valueMs: point.valueMs }));

export interface SharePoint {
  /** The bucket's geometric middle, for a log x-axis. */
  ms: number;
  /** Percent of the run's requests in this bucket, so runs of different sizes overlay. */
  share: number;
}

export function toShares(buckets: readonly HistogramBucket[]): SharePoint[] {
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  if (total === 0) return [];
  return buckets.map((bucket) => ({
    ms: bucket.fromMs > 0 ? Math.sqrt(bucket.fromMs * bucket.toMs) : bucket.toMs / 2,
    share: (100 * bucket.count) / total,
  }));
}
