import { useQuery } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { queryKeys } from '../queryKeys';
import { deployApp, listApps, removeApp } from './calls';

/** Pods become ready after the deploy operation ends, so the list keeps a slow refresh besides the finish's. */
export function useApps() {
  return useQuery({ queryKey: queryKeys.apps, queryFn: listApps, refetchInterval: 10_000 });
}

export const useDeployApp = () =>
  useStartOperation((a: { id: string; namespace: string }) => deployApp(a.id, a.namespace), [queryKeys.apps]);
export const useRemoveApp = () =>
  useStartOperation((a: { id: string; namespace: string }) => removeApp(a.id, a.namespace), [queryKeys.apps]);
