import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../apiError';
import { useStartOperation } from '../operations/queries';
import { performanceKeys } from '../performance/queries';
import {
  deleteOverheadReport,
  getOverheadLatency,
  getOverheadReport,
  listOverheadReports,
} from './calls';
import type { StartOverheadRequest } from './types';

// This area's query keys: under Performance's own segment, so refreshing the runs' prefix refreshes reports too.
export const overheadKeys = {
  all: ['perf', 'overhead'] as const,
  report: (id: string) => ['perf', 'overhead', id] as const,
  latency: (id: string) => ['perf', 'overhead', id, 'latency'] as const,
};

export function useOverheadReports() {
  return useQuery({ queryKey: overheadKeys.all, queryFn: listOverheadReports });
}

/**
 * A report, polled every two seconds while it runs (each finished run adds a round) and while it is not found: its
 * operation stores it a moment after the start answers.
 */
export function useOverheadReport(id: string) {
  return useQuery({
    queryKey: overheadKeys.report(id),
    queryFn: () => getOverheadReport(id),
    refetchInterval: (query) =>
      query.state.data?.status === 'running' || (query.state.error instanceof ApiError && query.state.error.status === 404) ? 2000 : false,
  });
}

export function useOverheadLatency(id: string, rounds: number) {
  return useQuery({ queryKey: [...overheadKeys.latency(id), rounds], queryFn: () => getOverheadLatency(id) });
}

/** The answer's id is both the report's and the operation's that measures it. */
export const useStartOverheadReport = () =>
  useStartOperation((body: StartOverheadRequest) => ({ method: 'POST', url: '/api/perf/overhead', body }), [
    overheadKeys.all,
    performanceKeys.runLists,
  ]);

export function useDeleteOverheadReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteOverheadReport,
    onSuccess: () => Promise.all([overheadKeys.all, performanceKeys.runLists].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
