import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { Operation } from '../operations/types';
import { queryKeys } from '../queryKeys';

/**
 * What each kind of operation changes, as the query keys to fetch again once one has finished. The one place that
 * says it: lists refresh when the work is done, not on a timer and not from a component watching the log. The kinds
 * are the backend's (`OperationService.StartAsync` callers); a kind missing here refreshes only the operation itself.
 */
export const invalidatedWhenFinished: Readonly<Record<string, (operation: Operation) => readonly QueryKey[]>> = {
  selftest: () => [],
  'mesh.install': () => [queryKeys.meshes, queryKeys.apps, queryKeys.cluster, queryKeys.namespaces, queryKeys.filterMeshes],
  'mesh.upgrade': () => [queryKeys.meshes, queryKeys.apps, queryKeys.cluster],
  'mesh.uninstall': () => [queryKeys.meshes, queryKeys.apps, queryKeys.cluster, queryKeys.namespaces, queryKeys.filterMeshes],
  'app.deploy': () => [queryKeys.apps, queryKeys.namespaces],
  'app.remove': () => [queryKeys.apps, queryKeys.namespaces],
  'namespace.join': () => [queryKeys.namespaces, queryKeys.apps],
  'namespace.leave': () => [queryKeys.namespaces, queryKeys.apps],
  'namespace.restart': () => [queryKeys.namespaces, queryKeys.apps],
  'filter.attach': () => [queryKeys.attachments],
  'filter.detach': () => [queryKeys.attachments],
  sandbox: () => [queryKeys.sandboxes],
  'perf.run': (operation) => [queryKeys.perfRun(operation.id), queryKeys.perfRunLists],
  cleanup: () => [queryKeys.meshes, queryKeys.apps, queryKeys.cluster, queryKeys.namespaces, queryKeys.attachments],
};

/** The keys a finished operation makes stale, besides its own entry in the operations list and detail. */
export function keysToInvalidate(operation: Operation): readonly QueryKey[] {
  return invalidatedWhenFinished[operation.kind]?.(operation) ?? [];
}

export function invalidateFinished(queryClient: QueryClient, operation: Operation): Promise<void> {
  return Promise.all(keysToInvalidate(operation).map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}
