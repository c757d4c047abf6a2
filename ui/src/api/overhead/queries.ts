import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { queryKeys } from '../queryKeys';
import {
  deleteOverheadReport,
  getMetricsServer,
  getOverheadLatency,
  getOverheadReport,
  installMetricsServer,
  listOverheadReports,
  startOverheadReport,
} from './calls';

export function useOverheadReports() {
  return useQuery({ queryKey: queryKeys.overheadReports, queryFn: listOverheadReports });
}

/** A report, polled every two seconds while it runs (each finished run adds a round). */
export function useOverheadReport(id: string) {
  return useQuery({
    queryKey: queryKeys.overheadReport(id),
    queryFn: () => getOverheadReport(id),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 2000 : false),
  });
}

export function useOverheadLatency(id: string, rounds: number) {
  return useQuery({ queryKey: [...queryKeys.overheadLatency(id), rounds], queryFn: () => getOverheadLatency(id) });
}

export const useStartOverheadReport = () => useStartOperation(startOverheadReport, [queryKeys.overheadReports, queryKeys.perfRunLists]);

export function useDeleteOverheadReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteOverheadReport,
    onSuccess: () => Promise.all([queryKeys.overheadReports, queryKeys.perfRunLists].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

/** The metrics API's state, polled every five seconds while metrics-server is being installed or starts. */
export function useMetricsServer() {
  return useQuery({
    queryKey: queryKeys.metricsServer,
    queryFn: getMetricsServer,
    refetchInterval: (query) => (query.state.data?.installing || query.state.data?.state === 'not-ready' ? 5000 : false),
  });
}

export const useInstallMetricsServer = () => useStartOperation(installMetricsServer, [queryKeys.metricsServer]);
