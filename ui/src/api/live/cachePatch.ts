import type { QueryClient } from '@tanstack/react-query';
import { operationKeys } from '../operations/queries';
import { isFinal, type Operation, type OperationEvent } from '../operations/types';

export interface PatchResult {
  /** Whether the operation was in the cache (list or detail); an unknown one means the list is out of date. */
  known: boolean;
  /** The operation as it was before this event took it to a final status, if it did just now. */
  finishedNow: Operation | null;
}

function readNumber(data: Record<string, unknown> | null, name: string): number | undefined {
  const value = data?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The operation after `event`; unchanged when the cache already reflects this event or a later one. */
export function applyEvent(operation: Operation, event: OperationEvent): Operation {
  if (event.seq <= operation.lastSeq) return operation;
  const final = isFinal(event.status);
  const failedNow = final && event.kind !== 'log' && (event.status === 'failed' || event.status === 'interrupted');
  return {
    ...operation,
    status: event.status,
    lastSeq: event.seq,
    stepsDone: event.kind === 'progress' ? (readNumber(event.data, 'done') ?? operation.stepsDone) : operation.stepsDone,
    stepsTotal: event.kind === 'progress' ? (readNumber(event.data, 'total') ?? operation.stepsTotal) : operation.stepsTotal,
    startedAt: operation.startedAt ?? (event.status === 'pending' ? null : event.time),
    finishedAt: final ? (operation.finishedAt ?? event.time) : operation.finishedAt,
    // The error event carries the cause and comes just before the final event, whose message is only "Failed.".
    error: event.kind === 'error' ? event.message : failedNow ? (operation.error ?? event.message) : operation.error,
  };
}

/**
 * Writes a pushed or polled event into the TanStack Query cache (the list and the operation's detail), so screens
 * update without refetching. Only a finish triggers one refetch, for the fields events do not carry.
 */
export function patchCache(queryClient: QueryClient, event: OperationEvent): PatchResult {
  let before: Operation | undefined;
  const patch = (operation: Operation) => {
    if (operation.id !== event.operationId) return operation;
    before ??= operation;
    return applyEvent(operation, event);
  };
  queryClient.setQueryData<Operation[]>(operationKeys.list, (list) => list?.map(patch));
  queryClient.setQueryData<Operation>(operationKeys.detail(event.operationId), (operation) =>
    operation ? patch(operation) : operation,
  );

  const finishedNow = before && !isFinal(before.status) && isFinal(event.status) && event.seq > before.lastSeq ? before : null;
  if (finishedNow) {
    void queryClient.invalidateQueries({ queryKey: operationKeys.detail(event.operationId) });
    void queryClient.invalidateQueries({ queryKey: operationKeys.list });
  }
  return { known: before !== undefined, finishedNow };
}
