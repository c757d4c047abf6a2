import type { OperationEvent } from '../../api';

/** One pod's latest state, as the operation's progress events reported it. */
export interface PodRow {
  pod: string;
  phase: string;
  ready: boolean;
  reason: string | null;
  message: string | null;
  restarts: number;
  deleted: boolean;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The pod readiness view: every progress event whose data names a pod updates that pod's row; rows come back in
 * pod-name order so they do not jump around while a mesh comes up.
 */
export function podRows(events: readonly OperationEvent[]): PodRow[] {
  const rows = new Map<string, PodRow>();
  for (const event of events) {
    const data = event.data;
    const pod = event.kind === 'progress' && data ? text(data.pod) : null;
    if (!pod || !data) continue;
    rows.set(pod, {
      pod,
      phase: text(data.phase) ?? 'Pending',
      ready: data.ready === true,
      reason: text(data.reason),
      message: text(data.message),
      restarts: typeof data.restarts === 'number' ? data.restarts : 0,
      deleted: data.deleted === true,
    });
  }
  return [...rows.values()].sort((a, b) => a.pod.localeCompare(b.pod));
}

/** The word shown for a pod, as kubectl's STATUS column would show it. */
export function podLabel(row: PodRow): string {
  if (row.deleted) return 'Deleted';
  if (row.ready) return 'Ready';
  return row.reason ?? row.phase;
}

export type PodTone = 'success' | 'error' | 'warning' | 'info' | 'default';

const failing = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CrashLoopBackOff', 'Error', 'OOMKilled', 'CreateContainerConfigError', 'Unschedulable']);

export function podTone(row: PodRow): PodTone {
  if (row.deleted) return 'default';
  if (row.ready) return 'success';
  const reason = row.reason?.replace('Init:', '') ?? '';
  if (failing.has(reason)) return 'error';
  return row.restarts > 0 ? 'warning' : 'info';
}
