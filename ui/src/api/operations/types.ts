// Shapes of the operations every feature starts: camelCase, statuses as lowercase strings, times as ISO-8601 UTC.

const operationStatuses = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type OperationStatus = (typeof operationStatuses)[number];

const finalStatuses: ReadonlySet<OperationStatus> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export function isFinal(status: OperationStatus): boolean {
  return finalStatuses.has(status);
}

export interface Operation {
  id: string;
  kind: string;
  target: string;
  title: string;
  status: OperationStatus;
  stepsDone: number;
  /** Null while the total is unknown. */
  stepsTotal: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** A sentence saying what went wrong and what to do; null unless failed or interrupted. */
  error: string | null;
  lastSeq: number;
}

export type EventKind = 'status' | 'step' | 'log' | 'progress' | 'warning' | 'error';

export interface OperationEvent {
  operationId: string;
  /** Counts from 1 within an operation, without gaps. */
  seq: number;
  time: string;
  kind: EventKind;
  message: string;
  /** The operation's status at this event. */
  status: OperationStatus;
  data: Record<string, unknown> | null;
}

export interface EventsPage {
  operationId: string;
  status: OperationStatus;
  events: OperationEvent[];
}

export interface SelftestRequest {
  steps: number;
  stepMillis: number;
  target?: string;
}

export interface Started {
  id: string;
}
