import { useQuery } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { deployApp, listApps, removeApp } from './calls';

// This feature's query keys: all start with its own segment, so invalidating the prefix refreshes every one of them.
export const appKeys = {
  all: ['apps'] as const,
};

/** Pods become ready after the deploy operation ends, so the list keeps a slow refresh besides the finish's. */
export function useApps() {
  return useQuery({ queryKey: appKeys.all, queryFn: listApps, refetchInterval: 10_000 });
}

export const useDeployApp = () =>
  useStartOperation((a: { id: string; namespace: string }) => deployApp(a.id, a.namespace), [appKeys.all]);
export const useRemoveApp = () =>
  useStartOperation((a: { id: string; namespace: string }) => removeApp(a.id, a.namespace), [appKeys.all]);
