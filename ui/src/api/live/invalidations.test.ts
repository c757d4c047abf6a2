import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { event, finalEvent, operation } from '../../test/fixtures';
import { appKeys } from '../apps/queries';
import { filterKeys } from '../filters/queries';
import { meshKeys } from '../meshes/queries';
import { metricsServerKeys } from '../metricsServer/queries';
import { namespaceKeys } from '../namespaces/queries';
import { operationKeys } from '../operations/queries';
import { overheadKeys } from '../overhead/queries';
import { overviewKeys } from '../overview/queries';
import { performanceKeys } from '../performance/queries';
import type { ConnectHub } from './hubClient';
import { invalidatedWhenFinished } from './invalidations';
import { LiveEvents } from './liveEvents';

// What each kind the backend starts must refresh, written out here rather than read from the table under test.
const expected: Record<string, QueryKey[]> = {
  selftest: [],
  'mesh.install': [meshKeys.all, appKeys.all, overviewKeys.cluster, namespaceKeys.all, filterKeys.meshes],
  'mesh.upgrade': [meshKeys.all, appKeys.all, overviewKeys.cluster],
  'mesh.uninstall': [meshKeys.all, appKeys.all, overviewKeys.cluster, namespaceKeys.all, filterKeys.meshes],
  'app.deploy': [appKeys.all, namespaceKeys.all],
  'app.remove': [appKeys.all, namespaceKeys.all],
  'namespace.join': [namespaceKeys.all, appKeys.all],
  'namespace.leave': [namespaceKeys.all, appKeys.all],
  'namespace.restart': [namespaceKeys.all, appKeys.all],
  'filter.attach': [filterKeys.attachments],
  'filter.detach': [filterKeys.attachments],
  sandbox: [filterKeys.sandboxes],
  'perf.run': [performanceKeys.run('op-1'), performanceKeys.runLists],
  'perf.overhead': [overheadKeys.report('op-1'), overheadKeys.all, performanceKeys.runLists],
  'metrics-server.install': [metricsServerKeys.status],
  cleanup: [meshKeys.all, appKeys.all, overviewKeys.cluster, namespaceKeys.all, filterKeys.attachments],
};

// The operation's own entries, which every finish refreshes whatever its kind.
const own = [operationKeys.detail('op-1'), operationKeys.list];

const noHub: ConnectHub = async () => {
  throw new Error('no hub in this test');
};

let live: LiveEvents | undefined;
afterEach(() => live?.stop());

function setup(kind: string) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(operationKeys.list, [operation({ kind })]);
  const invalidated: QueryKey[] = [];
  vi.spyOn(queryClient, 'invalidateQueries').mockImplementation(async (filters) => {
    invalidated.push(filters?.queryKey ?? []);
  });
  live = new LiveEvents({
    queryClient,
    resolveHubTarget: async () => ({ url: 'http://127.0.0.1:1/hubs/progress', accessToken: 't' }),
    connectHub: noHub,
    fetchPage: async () => ({ operationId: 'op-1', status: 'running', events: [] }),
  });
  return { live, invalidated };
}

const sorted = (keys: readonly QueryKey[]) => keys.map((key) => JSON.stringify(key)).sort();

describe('what a finished operation refreshes', () => {
  it('maps every kind the backend starts, and no other', () => {
    expect(Object.keys(invalidatedWhenFinished).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))('a finished %s refreshes exactly its keys', (kind) => {
    const { live, invalidated } = setup(kind);
    live.receive([event(1), event(2)]);
    expect(invalidated).toEqual([]);

    live.receive([finalEvent(3)]);
    expect(sorted(invalidated)).toEqual(sorted([...own, ...expected[kind]!]));
  });

  it('refreshes once, however often the final event is delivered', () => {
    const { live, invalidated } = setup('namespace.join');
    live.receive([event(1), finalEvent(2)]);
    live.receive([finalEvent(2)]);
    expect(invalidated.filter((key) => JSON.stringify(key) === JSON.stringify(namespaceKeys.all))).toHaveLength(1);
  });

  it('refreshes only the operation itself for a kind it does not know', () => {
    const { live, invalidated } = setup('something.new');
    live.receive([event(1), finalEvent(2)]);
    expect(sorted(invalidated)).toEqual(sorted(own));
  });
});
