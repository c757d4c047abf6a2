import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClusterOverview, ContextList, DockerEngine, NamespaceList } from './clusterTypes';
import { queryKeys } from './queryKeys';
import { getTransport } from './transport';
import type { Started } from './types';

// The cluster, Docker engine and namespace endpoints, and their query hooks.

const namespaceUrl = (name: string) => `/api/namespaces/${encodeURIComponent(name)}`;

export const getCluster = () => getTransport().request<ClusterOverview>('GET', '/api/cluster');

export const listContexts = () => getTransport().request<ContextList>('GET', '/api/cluster/contexts');

export const selectContext = (context: string) =>
  getTransport().request<ContextList>('PUT', '/api/cluster/context', { context });

/** Sent as JSON `{ kubeconfig }`: Docker Desktop's client only posts JSON. */
export const uploadKubeconfig = (kubeconfig: string) =>
  getTransport().request<ContextList>('POST', '/api/cluster/kubeconfig', { kubeconfig });

/** Lets the pasted kubeconfig's exec plugin run: the fingerprint of the command the user saw. */
export const confirmExecPlugin = (fingerprint: string) =>
  getTransport().request<void>('POST', '/api/cluster/kubeconfig/exec-confirmation', { fingerprint });

export const removeKubeconfig = () => getTransport().request<void>('DELETE', '/api/cluster/kubeconfig');

export const getDockerEngine = () => getTransport().request<DockerEngine>('GET', '/api/docker');

export const listNamespaces = () => getTransport().request<NamespaceList>('GET', '/api/namespaces');

export const joinMesh = ({ namespace, mesh }: { namespace: string; mesh: string }) =>
  getTransport().request<Started>('POST', `${namespaceUrl(namespace)}/meshes`, { mesh });

export const leaveMesh = ({ namespace, mesh }: { namespace: string; mesh: string }) =>
  getTransport().request<Started>('DELETE', `${namespaceUrl(namespace)}/meshes/${encodeURIComponent(mesh)}`);

export const restartDeployments = (namespace: string) =>
  getTransport().request<Started>('POST', `${namespaceUrl(namespace)}/restart`);

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

export function useNamespaces(enabled = true) {
  return useQuery({ queryKey: queryKeys.namespaces, queryFn: listNamespaces, enabled, refetchInterval: 15_000 });
}

/** Membership changes run as operations: the list is refreshed when the operation starts and again when it ends. */
function useNamespaceOperation<TArgs>(mutationFn: (args: TArgs) => Promise<Started>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.operationList }),
  });
}

export const useJoinMesh = () => useNamespaceOperation(joinMesh);

export const useLeaveMesh = () => useNamespaceOperation(leaveMesh);

export const useRestartDeployments = () => useNamespaceOperation(restartDeployments);
