import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { event, finalEvent, operation } from '../../test/fixtures';
import { queryKeys } from '../queryKeys';
import type { ConnectHub } from './hubClient';
import { invalidatedWhenFinished } from './invalidations';
import { LiveEvents } from './liveEvents';

// What each kind the backend starts must refresh, written out here rather than read from the table under test.
const expected: Record<string, QueryKey[]> = {
  selftest: [],
  'mesh.install': [queryKeys.meshes, queryKeys.apps, queryKeys.cluster, queryKeys.namespaces, queryKeys.filterMeshes],
  'mesh.upgrade': [queryKeys.meshes, queryKeys.apps, queryKeys.cluster],
  'mesh.uninstall': [queryKeys.meshes, queryKeys.apps, queryKeys.cluster, queryKeys.namespaces, queryKeys.filterMeshes],
  'app.deploy': [queryKeys.apps, queryKeys.namespaces],
  'app.remove': [queryKeys.apps, queryKeys.namespaces],
  'namespace.join': [queryKeys.namespaces, queryKeys.apps],
  'namespace.leave': [queryKeys.namespaces, queryKeys.apps],
  'namespace.restart': [queryKeys.namespaces, queryKeys.apps],
  'filter.attach': [queryKeys.attachments],
  'filter.detach': [queryKeys.attachments],
  sandbox: [queryKeys.sandboxes],
  'perf.run': [queryKeys.perfRun('op-1'), queryKeys.perfRunLists],
  cleanup: [queryKeys.meshes, queryKeys.apps, queryKeys.cluster, queryKeys.namespaces, queryKeys.attachments],
};

// The operation's own entries, which every finish refreshes whatever its kind.
const own = [queryKeys.operation('op-1'), queryKeys.operationList];

const noHub: ConnectHub = async () => {
  throw new Error('no hub in this test');
};

let live: LiveEvents | undefined;
afterEach(() => live?.stop());

function setup(kind: string) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(queryKeys.operationList, [operation({ kind })]);
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
    expect(invalidated.filter((key) => JSON.stringify(key) === JSON.stringify(queryKeys.namespaces))).toHaveLength(1);
  });

  it('refreshes only the operation itself for a kind it does not know', () => {
    const { live, invalidated } = setup('something.new');
    live.receive([event(1), finalEvent(2)]);
    expect(sorted(invalidated)).toEqual(sorted(own));
  });
});
