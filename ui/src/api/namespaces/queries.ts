import { useQuery } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { queryKeys } from '../queryKeys';
import { joinMesh, leaveMesh, listNamespaces, restartDeployments } from './calls';

export function useNamespaces(enabled = true) {
  return useQuery({ queryKey: queryKeys.namespaces, queryFn: listNamespaces, enabled, refetchInterval: 15_000 });
}

// Membership changes run as operations: the list refreshes when one finishes (api/live/invalidations).
export const useJoinMesh = () => useStartOperation(joinMesh);

export const useLeaveMesh = () => useStartOperation(leaveMesh);

export const useRestartDeployments = () => useStartOperation(restartDeployments);
