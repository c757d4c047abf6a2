import { useQuery } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { joinMesh, leaveMesh, listNamespaces, restartDeployments } from './calls';

// This feature's query keys: all start with its own segment, so invalidating the prefix refreshes every one of them.
export const namespaceKeys = {
  all: ['namespaces'] as const,
};

export function useNamespaces(enabled = true) {
  return useQuery({ queryKey: namespaceKeys.all, queryFn: listNamespaces, enabled, refetchInterval: 15_000 });
}

// Membership changes run as operations: the list refreshes when one finishes (api/live/invalidations).
export const useJoinMesh = () => useStartOperation(joinMesh);

export const useLeaveMesh = () => useStartOperation(leaveMesh);

export const useRestartDeployments = () => useStartOperation(restartDeployments);
