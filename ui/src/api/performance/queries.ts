import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useOperationEvents } from '../live/useOperationEvents';
import { useStartOperation, type StartRequest } from '../operations/queries';
import { isFinal, type OperationEvent, type OperationStatus } from '../operations/types';
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
  updatePerfProfile,
} from './calls';
import type { PerfProfileRequest, PerfProgress, PerfRunFilters, StartPerfRunRequest } from './types';

// This feature's query keys: all start with its own segment, so invalidating the prefix refreshes every one of them.
export const performanceKeys = {
  all: ['perf'] as const,
  profiles: ['perf', 'profiles'] as const,
  targets: ['perf', 'targets'] as const,
  runLists: ['perf', 'runs'] as const,
  runs: (filters: PerfRunFilters) => ['perf', 'runs', filters] as const,
  run: (id: string) => ['perf', 'run', id] as const,
  compare: (ids: readonly string[]) => ['perf', 'compare', ids] as const,
};

export function usePerfTargets() {
  return useQuery({ queryKey: performanceKeys.targets, queryFn: listPerfTargets });
}

export function usePerfProfiles() {
  return useQuery({ queryKey: performanceKeys.profiles, queryFn: listPerfProfiles });
}

/** Creates a profile, or replaces the one whose id is given. */
export function useSavePerfProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, request }: { id?: string; request: PerfProfileRequest }) =>
      id === undefined ? createPerfProfile(request) : updatePerfProfile(id, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: performanceKeys.profiles }),
  });
}

export function useDeletePerfProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deletePerfProfile,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: performanceKeys.profiles }),
  });
}

export function usePerfRuns(filters: PerfRunFilters) {
  return useQuery({ queryKey: performanceKeys.runs(filters), queryFn: () => listPerfRuns(filters), placeholderData: keepPreviousData });
}

export function usePerfRun(id: string | null) {
  return useQuery({ queryKey: performanceKeys.run(id ?? ''), queryFn: () => getPerfRun(id ?? ''), enabled: id !== null });
}

/** A measured run starts as an operation: the answer's id is both the run's and the operation's that measures it. */
export const perfRunStart = (body: StartPerfRunRequest): StartRequest => ({ method: 'POST', url: '/api/perf/runs', body });

export const useStartPerfRun = () => useStartOperation(perfRunStart, [performanceKeys.runLists]);

export function useDeletePerfRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deletePerfRun,
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: performanceKeys.run(id) });
      return queryClient.invalidateQueries({ queryKey: performanceKeys.runLists });
    },
  });
}

export function useImportPerfRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ fileName, text }: { fileName: string; text: string }) => importPerfRun(fileName, text),
    onSuccess: (made) => {
      if (made.kind === 'profile') return queryClient.invalidateQueries({ queryKey: performanceKeys.profiles });
      queryClient.setQueryData(performanceKeys.run(made.run.id), made.run);
      return queryClient.invalidateQueries({ queryKey: performanceKeys.runLists });
    },
  });
}

export function usePerfCompare(ids: readonly string[]) {
  return useQuery({ queryKey: performanceKeys.compare(ids), queryFn: () => comparePerfRuns(ids), enabled: ids.length >= 2 });
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
