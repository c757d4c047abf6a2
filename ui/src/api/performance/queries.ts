import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useOperationEvents } from '../live/useOperationEvents';
import { useStartOperation } from '../operations/queries';
import { isFinal, type OperationEvent, type OperationStatus } from '../operations/types';
import { queryKeys } from '../queryKeys';
import {
  comparePerfRuns,
  createPerfProfile,
  deletePerfProfile,
  deletePerfRun,
  getPerfRun,
  importPerfRun,
  listPerfProfiles,
  listPerfRuns,
  listPerfTargets,
  startPerfRun,
  updatePerfProfile,
} from './calls';
import type { PerfProfileRequest, PerfProgress, PerfRunFilters } from './types';

export function usePerfTargets() {
  return useQuery({ queryKey: queryKeys.perfTargets, queryFn: listPerfTargets });
}

export function usePerfProfiles() {
  return useQuery({ queryKey: queryKeys.perfProfiles, queryFn: listPerfProfiles });
}

/** Creates a profile, or replaces the one whose id is given. */
export function useSavePerfProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, request }: { id?: string; request: PerfProfileRequest }) =>
      id === undefined ? createPerfProfile(request) : updatePerfProfile(id, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.perfProfiles }),
  });
}

export function useDeletePerfProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deletePerfProfile,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.perfProfiles }),
  });
}

export function usePerfRuns(filters: PerfRunFilters) {
  return useQuery({ queryKey: queryKeys.perfRuns(filters), queryFn: () => listPerfRuns(filters), placeholderData: keepPreviousData });
}

export function usePerfRun(id: string | null) {
  return useQuery({ queryKey: queryKeys.perfRun(id ?? ''), queryFn: () => getPerfRun(id ?? ''), enabled: id !== null });
}

export const useStartPerfRun = () => useStartOperation(startPerfRun, [queryKeys.perfRunLists]);

export function useDeletePerfRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deletePerfRun,
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.perfRun(id) });
      return queryClient.invalidateQueries({ queryKey: queryKeys.perfRunLists });
    },
  });
}

export function useImportPerfRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ fileName, text }: { fileName: string; text: string }) => importPerfRun(fileName, text),
    onSuccess: (made) => {
      if (made.kind === 'profile') return queryClient.invalidateQueries({ queryKey: queryKeys.perfProfiles });
      queryClient.setQueryData(queryKeys.perfRun(made.run.id), made.run);
      return queryClient.invalidateQueries({ queryKey: queryKeys.perfRunLists });
    },
  });
}

export function usePerfCompare(ids: readonly string[]) {
  return useQuery({ queryKey: queryKeys.perfCompare(ids), queryFn: () => comparePerfRuns(ids), enabled: ids.length >= 2 });
}

export interface PerfRunLive {
  /** One entry per measured second, in order. */
  seconds: PerfProgress[];
  /** The operation's status as of its latest event; null before the first one arrives. */
  status: OperationStatus | null;
  /** The sentence of the final event (why it failed, for example). */
  finalMessage: string | null;
}

function isPerfProgress(data: OperationEvent['data']): data is OperationEvent['data'] & PerfProgress {
  return data !== null && typeof data.second === 'number' && typeof data.rps === 'number' && typeof data.done === 'number';
}

/** Reduces a perf run's operation log to its per-second points and status. */
export function perfRunLiveFromEvents(events: readonly OperationEvent[]): PerfRunLive {
  const seconds: PerfProgress[] = [];
  for (const event of events) {
    if (event.kind === 'progress' && isPerfProgress(event.data)) {
      const { done, total, second, rps, p50Ms, p99Ms, errors, totalRequests } = event.data;
      seconds.push({ done, total, second, rps, p50Ms, p99Ms, errors, totalRequests });
    }
  }
  const last = events.at(-1);
  const finished = last?.kind === 'status' && isFinal(last.status);
  return { seconds, status: last?.status ?? null, finalMessage: finished ? last.message : null };
}

/**
 * Follows a run's operation (the run id is the operation id) while it is mounted. When it finishes, the stored run
 * (with its full result) and the history are fetched again by api/live/invalidations.
 */
export function usePerfRunLive(id: string): PerfRunLive {
  const { events, lastSeq } = useOperationEvents(id);
  // The log's array grows in place: lastSeq is what says it changed.
  return useMemo(() => perfRunLiveFromEvents(events), [events, lastSeq]);
}
