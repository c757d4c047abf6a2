import type { PerfRunSummary } from '../../api';

const sum = (counts: Record<string, number> | null | undefined) => Object.values(counts ?? {}).reduce((total, count) => total + count, 0);

const percent = (part: number, whole: number) => {
  const value = (100 * part) / whole;
  return `${value.toFixed(value === 100 || value === 0 ? 0 : 1)} %`;
};

/**
 * One line for a run's outcome in the history: the share of successes in the protocol's own terms — a 2xx status
 * for HTTP, the gRPC status OK for gRPC (whose calls answered with HTTP 200 can still have failed) — and, for gRPC,
 * the most frequent other codes by name. '—' when the run carries no codes (an import without them).
 */
export function runOutcome(summary: PerfRunSummary | null): string {
  if (!summary) return '—';
  const noAnswer = summary.errors ?? 0;
  if (summary.grpcStatusCodes) {
    const total = sum(summary.grpcStatusCodes) + sum(summary.statusCodes) + noAnswer;
    if (total === 0) return '—';
    const failing = Object.entries(summary.grpcStatusCodes)
      .filter(([name, count]) => name !== 'OK' && count > 0)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, 2)
      .map(([name, count]) => ` · ${name} × ${count.toLocaleString('en-US')}`);
    return `${percent(summary.grpcStatusCodes.OK ?? 0, total)} OK${failing.join('')}`;
  }
  if (!summary.statusCodes) return '—';
  const total = sum(summary.statusCodes) + noAnswer;
  if (total === 0) return '—';
  const success = Object.entries(summary.statusCodes)
    .filter(([code]) => Number(code) >= 200 && Number(code) < 300)
    .reduce((count, [, value]) => count + value, 0);
  return `${percent(success, total)} 2xx`;
}
