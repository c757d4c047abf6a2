import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../queryKeys';
import { confirmExecPlugin, getCluster, getDockerEngine, listContexts, removeKubeconfig, selectContext, uploadKubeconfig } from './calls';

/** The cluster card: checked every 15 s, every 5 s while it cannot be reached (Kubernetes may be starting). */
export function useCluster() {
  return useQuery({
    queryKey: queryKeys.cluster,
    queryFn: getCluster,
    refetchInterval: (query) => (query.state.data?.connected === false ? 5_000 : 15_000),
  });
}

export function useContexts() {
  return useQuery({ queryKey: queryKeys.clusterContexts, queryFn: listContexts });
}

/** A new context or kubeconfig changes everything the cluster card and the namespaces show. */
function useClusterChange<TArgs, TResult>(mutationFn: (args: TArgs) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.cluster }),
        queryClient.invalidateQueries({ queryKey: queryKeys.namespaces }),
      ]);
    },
  });
}

export const useSelectContext = () => useClusterChange(selectContext);

export const useUploadKubeconfig = () => useClusterChange(uploadKubeconfig);

export const useConfirmExecPlugin = () => useClusterChange(confirmExecPlugin);

export const useRemoveKubeconfig = () => useClusterChange(removeKubeconfig);

export function useDockerEngine() {
  return useQuery({ queryKey: queryKeys.docker, queryFn: getDockerEngine, refetchInterval: 30_000 });
}
