// The metrics API's state: metrics-server serves the resource figures a run and an overhead report read.

export type MetricsServerState = 'installed' | 'missing' | 'not-ready';

export interface MetricsServerStatus {
  state: MetricsServerState;
  sentence: string;
  /** What a run or a report loses without the metrics API; null when it is served. */
  withoutIt: string | null;
  chartVersion: string;
  installing: boolean;
}
