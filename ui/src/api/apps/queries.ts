import { useQuery } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { listApps } from './calls';

// This feature's query keys: all start with its own segment, so invalidating the prefix refreshes every one of them.
export const appKeys = {
  all: ['apps'] as const,
};

/** Pods become ready after the deploy operation ends, so the list keeps a slow refresh besides the finish's. */
export function useApps() {
  return useQuery({ queryKey: appKeys.all, queryFn: listApps, refetchInterval: 10_000 });
}

const appUrl = (id: string) => `/api/apps/${encodeURIComponent(id)}`;

export const useDeployApp = () =>
  useStartOperation(({ id, namespace }: { id: string; namespace: string }) => ({ method: 'POST', url: `${appUrl(id)}/deploy`, body: { namespace } }), [
    appKeys.all,
  ]);
export const useRemoveApp = () =>
  useStartOperation(({ id, namespace }: { id: string; namespace: string }) => ({ method: 'POST', url: `${appUrl(id)}/remove`, body: { namespace } }), [
    appKeys.all,
  ]);
