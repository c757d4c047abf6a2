import { useQuery } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { listNamespaces } from './calls';

// This feature's query keys: all start with its own segment, so invalidating the prefix refreshes every one of them.
export const namespaceKeys = {
  all: ['namespaces'] as const,
};

export function useNamespaces(enabled = true) {
  return useQuery({ queryKey: namespaceKeys.all, queryFn: listNamespaces, enabled, refetchInterval: 15_000 });
}

// Membership changes run as operations: the list refreshes when one finishes (api/live/invalidations).
const namespaceUrl = (name: string) => `/api/namespaces/${encodeURIComponent(name)}`;

export const useJoinMesh = () =>
  useStartOperation(({ namespace, mesh }: { namespace: string; mesh: string }) => ({
    method: 'POST',
    url: `${namespaceUrl(namespace)}/meshes`,
    body: { mesh },
  }));

export const useLeaveMesh = () =>
  useStartOperation(({ namespace, mesh }: { namespace: string; mesh: string }) => ({
    method: 'DELETE',
    url: `${namespaceUrl(namespace)}/meshes/${encodeURIComponent(mesh)}`,
  }));

export const useRestartDeployments = () =>
  useStartOperation((namespace: string) => ({ method: 'POST', url: `${namespaceUrl(namespace)}/restart` }));
