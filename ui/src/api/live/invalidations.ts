import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { Operation } from '../operations/types';
import { appKeys } from '../apps/queries';
import { filterKeys } from '../filters/queries';
import { meshKeys } from '../meshes/queries';
import { metricsServerKeys } from '../metricsServer/queries';
import { namespaceKeys } from '../namespaces/queries';
import { overheadKeys } from '../overhead/queries';
import { overviewKeys } from '../overview/queries';
import { performanceKeys } from '../performance/queries';

/**
 * What each kind of operation changes, as the query keys to fetch again once one has finished. The one place that
 * says it: lists refresh when the work is done, not on a timer and not from a component watching the log. The kinds
 * are the backend's (`OperationService.StartAsync` callers); a kind missing here refreshes only the operation itself.
 */
export const invalidatedWhenFinished: Readonly<Record<string, (operation: Operation) => readonly QueryKey[]>> = {
  selftest: () => [],
  'mesh.install': () => [meshKeys.all, appKeys.all, overviewKeys.cluster, namespaceKeys.all, filterKeys.meshes],
  'mesh.upgrade': () => [meshKeys.all, appKeys.all, overviewKeys.cluster],
  'mesh.uninstall': () => [meshKeys.all, appKeys.all, overviewKeys.cluster, namespaceKeys.all, filterKeys.meshes],
  'app.deploy': () => [appKeys.all, namespaceKeys.all],
  'app.remove': () => [appKeys.all, namespaceKeys.all],
  'namespace.join': () => [namespaceKeys.all, appKeys.all],
  'namespace.leave': () => [namespaceKeys.all, appKeys.all],
  'namespace.restart': () => [namespaceKeys.all, appKeys.all],
  'filter.attach': () => [filterKeys.attachments],
  'filter.detach': () => [filterKeys.attachments],
  sandbox: () => [filterKeys.sandboxes],
  'perf.run': (operation) => [performanceKeys.run(operation.id), performanceKeys.runLists],
  'perf.overhead': (operation) => [overheadKeys.report(operation.id), overheadKeys.all, performanceKeys.runLists],
  'metrics-server.install': () => [metricsServerKeys.status],
  cleanup: () => [meshKeys.all, appKeys.all, overviewKeys.cluster, namespaceKeys.all, filterKeys.attachments],
};

/** The keys a finished operation makes stale, besides its own entry in the operations list and detail. */
export function keysToInvalidate(operation: Operation): readonly QueryKey[] {
  return invalidatedWhenFinished[operation.kind]?.(operation) ?? [];
}

export function invalidateFinished(queryClient: QueryClient, operation: Operation): Promise<void> {
  return Promise.all(keysToInvalidate(operation).map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}
