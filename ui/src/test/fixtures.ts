import type { Operation, OperationEvent, OperationStatus } from '../api';

export function operation(overrides: Partial<Operation> = {}): Operation {
  return {
    id: 'op-1',
    kind: 'selftest',
    target: 'selftest:1',
    title: 'Self-test',
    status: 'running',
    stepsDone: 0,
    stepsTotal: 5,
    createdAt: '2026-11-25T18:00:00Z',
    startedAt: '2026-11-25T18:00:00Z',
    finishedAt: null,
    error: null,
    lastSeq: 1,
    ...overrides,
  };
}

/** An event as the backend sends it: seq 1 is `status running`, then progress steps. */
export function event(seq: number, overrides: Partial<OperationEvent> = {}): OperationEvent {
  return {
    operationId: 'op-1',
    seq,
    time: `2026-11-25T18:00:${String(seq % 60).padStart(2, '0')}Z`,
    kind: seq === 1 ? 'status' : 'progress',
    message: seq === 1 ? 'running' : `step ${seq - 1}`,
    status: 'running',
    data: seq === 1 ? null : { done: seq - 1, total: 5 },
    ...overrides,
  };
}

export function finalEvent(seq: number, status: OperationStatus = 'succeeded', message: string = status): OperationEvent {
  return event(seq, { kind: 'status', status, message, data: null });
}

export const seqs = (events: readonly OperationEvent[]) => events.map((item) => item.seq);
