// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOperationEvents, listOperations } from '../src/api/operations/calls';
import { selftestStart, startOperation } from '../src/api/operations/queries';
import { getSession } from '../src/api/platform/calls';
import { createHubConnector } from '../src/api/live/hubClient';
import { LiveEvents } from '../src/api/live/liveEvents';
import { operationKeys } from '../src/api/operations/queries';
import { setTransport } from '../src/api/transport';
import type { Operation } from '../src/api/operations/types';
import { freePort, until, type RunningBackend } from './backendProcess';
import { startPanelBackend } from './socketDdClient';

// The panel inside Docker Desktop when the hub port cannot be reached at first (nothing listens on it yet) and can
// later: requests go through a ddClient on the real backend's Unix socket, live progress is polled, and once the
// port answers the panel switches back to events pushed by the real hub, without a reload. The port is a loopback
// relay to the backend's hub that starts listening when the test says so.

let backend: RunningBackend;
let hubPort: number;
let relayPort: number;
let relay: Server | undefined;
const relayed = new Set<Socket>();

beforeAll(async () => {
  hubPort = await freePort();
  relayPort = await freePort();
  backend = await startPanelBackend(['--urls', `http://127.0.0.1:${hubPort}`]);
}, 90_000);

afterAll(async () => {
  setTransport(undefined);
  for (const socket of relayed) socket.destroy();
  await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  await backend?.stop();
});

/** From now on the relay port forwards to the hub, byte for byte. */
async function openRelay(): Promise<void> {
  relay = createServer((inbound) => {
    const outbound = createConnection({ host: '127.0.0.1', port: hubPort });
    relayed.add(inbound).add(outbound);
    inbound.pipe(outbound).pipe(inbound);
    const close = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', close).on('close', close);
    outbound.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => relay!.listen(relayPort, '127.0.0.1', () => resolve()));
}

describe('retrying the hub after falling back to polling, against the real backend', () => {
  it('polls while the hub port is closed, switches back to pushed events once it opens, and loses or repeats nothing', async () => {
    const { token } = await getSession();
    const queryClient = new QueryClient();
    let polls = 0;
    const live = new LiveEvents({
      queryClient,
      resolveHubTarget: async () => ({ url: `http://127.0.0.1:${relayPort}/hubs/progress`, accessToken: token }),
      connectHub: createHubConnector(2_000),
      fetchPage: (operationId, after) => {
        polls += 1;
        return getOperationEvents(operationId, after);
      },
      hubRetry: { firstMs: 200, maxMs: 1_000 },
    });
    const finished: string[] = [];
    live.onFinish((operation, final) => finished.push(`${operation.id} ${final.status}`));
    try {
      const steps = 60;
      const watched = (await startOperation(selftestStart({ steps, stepMillis: 100 }))).id;
      // Followed only through the list (SubscribeAll), not watched: its start must not be lost in the switch.
      const listed = (await startOperation(selftestStart({ steps: 40, stepMillis: 100 }))).id;
      queryClient.setQueryData(operationKeys.list, await listOperations());

      await live.start();
      expect(live.getStatus().mode).toBe('polling');
      expect(live.getStatus().detail).toMatch(/ECONNREFUSED|could not be reached/);
      const unwatch = live.watch(watched);
      await until(backend, () => live.getLog(watched).lastSeq >= 5, 'five polled events');
      expect(live.getStatus().mode).toBe('polling');

      await openRelay();
      await until(backend, () => live.getStatus().mode === 'push', 'the switch back to the hub');
      const seqAtSwitch = live.getLog(watched).lastSeq;
      const pollsAtSwitch = polls;

      await until(backend, () => live.getLog(watched).events.at(-1)?.status === 'succeeded', 'the final status event');
      unwatch();

      // Pushed after the switch, not polled: the log grew while the poll count stood still.
      expect(live.getLog(watched).lastSeq).toBeGreaterThan(seqAtSwitch);
      expect(polls).toBe(pollsAtSwitch);
      expect(live.getStatus().mode).toBe('push');

      const events = live.getLog(watched).events;
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: steps + 2 }, (_, index) => index + 1));
      expect(events.filter((event) => event.kind === 'progress')).toHaveLength(steps);

      const cached = (id: string) => queryClient.getQueryData<Operation[]>(operationKeys.list)!.find((operation) => operation.id === id)!;
      await until(backend, () => cached(listed).status === 'succeeded', 'the listed operation to finish in the cache');
      expect(cached(listed)).toMatchObject({ status: 'succeeded', stepsDone: 40, lastSeq: 42 });
      expect(cached(watched)).toMatchObject({ status: 'succeeded', stepsDone: steps, lastSeq: steps + 2 });
      expect(finished.sort()).toEqual([`${listed} succeeded`, `${watched} succeeded`].sort());
    } finally {
      live.stop();
    }
  }, 90_000);
});
