import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { namespaceKeys } from '../namespaces/queries';
import { confirmExecPlugin, getCluster, getDockerEngine, listContexts, removeKubeconfig, selectContext, uploadKubeconfig } from './calls';

// This feature's query keys: all start with its own segment, so invalidating the prefix refreshes every one of them.
export const overviewKeys = {
  cluster: ['cluster'] as const,
  contexts: ['cluster', 'contexts'] as const,
  docker: ['docker'] as const,
};

/** The cluster card: checked every 15 s, every 5 s while it cannot be reached (Kubernetes may be starting). */
export function useCluster() {
  return useQuery({
    queryKey: overviewKeys.cluster,
    queryFn: getCluster,
    refetchInterval: (query) => (query.state.data?.connected === false ? 5_000 : 15_000),
  });
}

export function useContexts() {
  return useQuery({ queryKey: overviewKeys.contexts, queryFn: listContexts });
}

/** A new context or kubeconfig changes everything the cluster card and the namespaces show. */
function useClusterChange<TArgs, TResult>(mutationFn: (args: TArgs) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: overviewKeys.cluster }),
        queryClient.invalidateQueries({ queryKey: namespaceKeys.all }),
      ]);
    },
  });
}

export const useSelectContext = () => useClusterChange(selectContext);

export const useUploadKubeconfig = () => useClusterChange(uploadKubeconfig);

export const useConfirmExecPlugin = () => useClusterChange(confirmExecPlugin);

export const useRemoveKubeconfig = () => useClusterChange(removeKubeconfig);

export function useDockerEngine() {
  return useQuery({ queryKey: overviewKeys.docker, queryFn: getDockerEngine, refetchInterval: 30_000 });
}
