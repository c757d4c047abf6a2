import type { PerfDeltas } from '../../api';
import { formatMs } from './perfFormat';

/** How a run compares with the baseline on one figure: higher latency is worse, higher throughput or success is better. */
export type DeltaTone = 'worse' | 'better' | 'same' | 'unknown';

export type DeltaMetric = keyof PerfDeltas;

// Below these a difference is measurement noise at the precision shown, not a finding.
const sameWithinMs = 0.005;
const sameWithinPercent = 0.05;

const higherIsBetter = (metric: DeltaMetric) => metric === 'throughputPercent' || metric === 'goodRpsPercent' || metric === 'successRatePoints';
const unitOf = (metric: DeltaMetric) => (metric === 'successRatePoints' ? 'pp' : metric.endsWith('Percent') ? '%' : 'ms');

export function deltaTone(metric: DeltaMetric, value: number | null): DeltaTone {
  if (value === null) return 'unknown';
  if (higherIsBetter(metric)) {
    if (Math.abs(value) < sameWithinPercent) return 'same';
    return value > 0 ? 'better' : 'worse';
  }
  if (Math.abs(value) < sameWithinMs) return 'same';
  return value > 0 ? 'worse' : 'better';
}

/** Signed, so a reader sees the direction without reading the colour: `+1.20 ms`, `−0.40 ms`, `+5.0 %`, `−90.0 pp`. */
export function formatDelta(metric: DeltaMetric, value: number | null): string {
  if (value === null) return '—';
  const unit = unitOf(metric);
  if (deltaTone(metric, value) === 'same') return `±0 ${unit}`;
  const sign = value > 0 ? '+' : '−';
  return unit === 'ms' ? `${sign}${formatMs(Math.abs(value))}` : `${sign}${Math.abs(value).toFixed(1)} ${unit}`;
}

export const deltaMetrics: { metric: DeltaMetric; label: string }[] = [
  { metric: 'p50Ms', label: 'Δ p50' },
  { metric: 'p90Ms', label: 'Δ p90' },
  { metric: 'p99Ms', label: 'Δ p99' },
  { metric: 'throughputPercent', label: 'Δ throughput' },
  { metric: 'successRatePoints', label: 'Δ success rate' },
  { metric: 'goodRpsPercent', label: 'Δ good throughput (2xx or OK/s)' },
];
