import { useQuery } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { getMetricsServer } from './calls';

export const metricsServerKeys = {
  status: ['metrics-server'] as const,
};

/** The metrics API's state, polled every five seconds while metrics-server is being installed or starts. */
export function useMetricsServer() {
  return useQuery({
    queryKey: metricsServerKeys.status,
    queryFn: getMetricsServer,
    refetchInterval: (query) => (query.state.data?.installing || query.state.data?.state === 'not-ready' ? 5000 : false),
  });
}

export const useInstallMetricsServer = () =>
  useStartOperation(() => ({ method: 'POST', url: '/api/metrics-server/install', body: {} }), [metricsServerKeys.status]);
