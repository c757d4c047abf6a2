// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOperationEvents, listOperations } from '../src/api/operations/calls';
import { selftestStart, startOperation } from '../src/api/operations/queries';
import { getSession } from '../src/api/platform/calls';
import { createHubConnector } from '../src/api/live/hubClient';
import { LiveEvents } from '../src/api/live/liveEvents';
import { operationKeys } from '../src/api/operations/queries';
import { setTransport } from '../src/api/transport';
import { freePort, until, type RunningBackend } from './backendProcess';
import { startPanelBackend } from './socketDdClient';

// The panel inside Docker Desktop when the hub port is reachable: the API through ddClient on the socket, live
// events pushed over WebSockets on the hub's TCP port with the session token (the container's `--urls`).

let backend: RunningBackend;
let hubUrl: string;

beforeAll(async () => {
  const port = await freePort();
  hubUrl = `http://127.0.0.1:${port}/hubs/progress`;
  backend = await startPanelBackend(['--urls', `http://127.0.0.1:${port}`]);
}, 90_000);

afterAll(async () => {
  setTransport(undefined);
  await backend?.stop();
});

function liveWith(accessToken: string) {
  const queryClient = new QueryClient();
  const live = new LiveEvents({
    queryClient,
    resolveHubTarget: async () => ({ url: hubUrl, accessToken }),
    connectHub: createHubConnector(5_000),
    fetchPage: getOperationEvents,
  });
  return { queryClient, live };
}

describe('live events pushed by the real hub on its TCP port', () => {
  it('connects with the session token and receives a self-test as seq 1..n, replaying what it missed', async () => {
    const { token } = await getSession();
    const { queryClient, live } = liveWith(token);
    try {
      // Started before anyone watches: the first events must come from the hub's replay.
      const { id } = await startOperation(selftestStart({ steps: 15, stepMillis: 100 }));
      queryClient.setQueryData(operationKeys.list, await listOperations());
      await new Promise((resolve) => setTimeout(resolve, 300));

      await live.start();
      expect(live.getStatus().mode).toBe('push');
      const unwatch = live.watch(id);
      await until(backend, () => live.getLog(id).events.at(-1)?.status === 'succeeded', 'the final status event');
      unwatch();
      expect(live.getStatus().mode).toBe('push');

      const events = live.getLog(id).events;
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: events.length }, (_, index) => index + 1));
      expect(events.filter((event) => event.kind === 'progress')).toHaveLength(15);
      expect(queryClient.getQueryData<{ id: string; status: string }[]>(operationKeys.list)!.find((item) => item.id === id)!.status).toBe(
        'succeeded',
      );
    } finally {
      live.stop();
    }
  }, 60_000);

  it('is refused without the right token, and the panel falls back to polling', async () => {
    const { live } = liveWith('not-the-token');
    try {
      await live.start();
      expect(live.getStatus().mode).toBe('polling');
      expect(live.getStatus().detail).toMatch(/hub could not be reached/);
    } finally {
      live.stop();
    }
  }, 30_000);
});
