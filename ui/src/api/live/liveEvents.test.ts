import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { event, finalEvent, operation, seqs } from '../../test/fixtures';
import { operationKeys } from '../operations/queries';
import type { EventsPage, Operation, OperationEvent } from '../operations/types';
import type { ConnectHub, HubHandlers } from './hubClient';
import { LiveEvents, nextHubRetryMs, type HubRetry } from './liveEvents';

const waitFor = async (condition: () => boolean, timeoutMs = 2_000) => {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** A hub the test drives: it records calls and hands back the handlers to push events through. */
function fakeHub() {
  const calls: string[] = [];
  let handlers: HubHandlers | undefined;
  const connect: ConnectHub = async (_target, given) => {
    handlers = given;
    return {
      subscribeAll: async () => void calls.push('SubscribeAll'),
      subscribe: async (id, after) => void calls.push(`Subscribe ${id} ${after}`),
      unsubscribe: async (id) => void calls.push(`Unsubscribe ${id}`),
      stop: async () => void calls.push('stop'),
    };
  };
  return { connect, calls, handlers: () => handlers! };
}

/** The events endpoint of a backend running op-1 through 5 events. */
function eventsEndpoint(all: OperationEvent[]) {
  let revealed = 2;
  return vi.fn(async (operationId: string, after: number): Promise<EventsPage> => {
    revealed = Math.min(all.length, revealed + 1);
    const events = all.slice(0, revealed).filter((item) => item.seq > after);
    return { operationId, status: all[revealed - 1]!.status, events };
  });
}

let live: LiveEvents | undefined;
afterEach(() => live?.stop());

function setup(options: {
  connect: ConnectHub;
  fetchPage?: ReturnType<typeof eventsEndpoint>;
  list?: Operation[];
  batchMs?: number;
  hubRetry?: HubRetry;
}) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(operationKeys.list, options.list ?? [operation()]);
  live = new LiveEvents({
    queryClient,
    resolveHubTarget: async () => ({ url: 'http://127.0.0.1:1/hubs/progress', accessToken: 't' }),
    connectHub: options.connect,
    fetchPage: options.fetchPage ?? eventsEndpoint([event(1)]),
    pollIntervalMs: 1,
    batchMs: options.batchMs ?? 0,
    // Out of the way unless a test is about it.
    hubRetry: options.hubRetry ?? { firstMs: 60_000, maxMs: 60_000 },
  });
  return { live, queryClient };
}

describe('LiveEvents over the hub', () => {
  it('subscribes to everything, replays a watched log from its last seq and orders what arrives', async () => {
    const hub = fakeHub();
    const { live, queryClient } = setup({ connect: hub.connect });
    await live.start();
    expect(live.getStatus().mode).toBe('push');

    live.watch('op-1');
    for (const seq of [3, 1, 2, 2, 4]) hub.handlers().onEvent(event(seq));

    expect(hub.calls).toEqual(['SubscribeAll', 'Subscribe op-1 0']);
    expect(seqs(live.getLog('op-1').events)).toEqual([1, 2, 3, 4]);
    expect(queryClient.getQueryData<Operation[]>(operationKeys.list)![0]).toMatchObject({ lastSeq: 4, stepsDone: 3 });
  });

  it('applies a burst of pushed events in one batch, so a fast operation does not render once per event', async () => {
    const hub = fakeHub();
    const { live } = setup({ connect: hub.connect, batchMs: 20 });
    await live.start();
    live.watch('op-1');
    const renders = vi.fn();
    live.onLogChange('op-1', renders);

    for (const seq of [1, 2, 3, 4]) hub.handlers().onEvent(event(seq));
    expect(live.getLog('op-1').lastSeq).toBe(0);

    await waitFor(() => live!.getLog('op-1').lastSeq === 4);
    expect(renders).toHaveBeenCalledOnce();
  });

  it('re-subscribes after a reconnect from where each watched log stopped', async () => {
    const hub = fakeHub();
    const { live } = setup({ connect: hub.connect });
    await live.start();
    live.watch('op-1');
    hub.handlers().onEvent(event(1));
    hub.handlers().onEvent(event(2));

    hub.handlers().onReconnected();
    await waitFor(() => hub.calls.length === 4);

    expect(hub.calls.slice(2)).toEqual(['SubscribeAll', 'Subscribe op-1 2']);
  });

  it('announces a finish once, even when the final event is replayed', async () => {
    const hub = fakeHub();
    const { live } = setup({ connect: hub.connect, list: [operation({ lastSeq: 2 })] });
    const finished = vi.fn();
    live.onFinish(finished);
    await live.start();

    hub.handlers().onEvent(finalEvent(3));
    hub.handlers().onEvent(finalEvent(3));

    expect(finished).toHaveBeenCalledOnce();
    expect(finished.mock.calls[0]![1]).toMatchObject({ seq: 3, status: 'succeeded' });
  });
});

describe('LiveEvents falling back to polling', () => {
  const all = [event(1), event(2), event(3), event(4), finalEvent(5)];

  it('polls running operations when the hub cannot be reached, until they finish', async () => {
    const fetchPage = eventsEndpoint(all);
    const connect: ConnectHub = async () => {
      throw new Error('WebSocket failed to connect: ECONNREFUSED');
    };
    const { live, queryClient } = setup({ connect, fetchPage });
    const finished = vi.fn();
    live.onFinish(finished);

    await live.start();
    expect(live.getStatus()).toEqual({
      mode: 'polling',
      detail: expect.stringContaining('hub could not be reached (WebSocket failed to connect: ECONNREFUSED)'),
    });
    await waitFor(() => finished.mock.calls.length === 1);

    expect(seqs(live.getLog('op-1').events)).toEqual([1, 2, 3, 4, 5]);
    expect(queryClient.getQueryData<Operation[]>(operationKeys.list)![0]!.status).toBe('succeeded');
    const afters = fetchPage.mock.calls.map(([, after]) => after);
    expect(afters).toEqual([...afters].sort((a, b) => a - b));
    expect(afters[0]).toBe(0);
  });

  it('switches to polling when an established hub connection is lost for good', async () => {
    const hub = fakeHub();
    const fetchPage = eventsEndpoint(all);
    const { live } = setup({ connect: hub.connect, fetchPage });
    await live.start();
    live.watch('op-1');
    hub.handlers().onEvent(event(1));
    hub.handlers().onEvent(event(2));

    hub.handlers().onClosed();

    expect(live.getStatus().mode).toBe('polling');
    await waitFor(() => live!.getLog('op-1').lastSeq === 5);
    expect(fetchPage.mock.calls[0]![1]).toBe(2);
    expect(seqs(live.getLog('op-1').events)).toEqual([1, 2, 3, 4, 5]);
  });

  it('polls a finished operation opened in the log once, from the start, then stops', async () => {
    const fetchPage = vi.fn(async (operationId: string, after: number): Promise<EventsPage> => ({
      operationId,
      status: 'succeeded',
      events: all.filter((item) => item.seq > after),
    }));
    const connect: ConnectHub = async () => {
      throw new Error('no hub port');
    };
    const { live } = setup({ connect, fetchPage, list: [operation({ status: 'succeeded', lastSeq: 5 })] });
    await live.start();
    expect(fetchPage).not.toHaveBeenCalled();

    live.watch('op-1');
    await waitFor(() => live!.getLog('op-1').lastSeq === 5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetchPage).toHaveBeenCalledOnce();
  });
});

describe('LiveEvents retrying the hub after falling back to polling', () => {
  it('waits 2 s, then twice as long each time, at most 30 s', () => {
    const waits: number[] = [];
    for (let wait = 0, i = 0; i < 7; i++) waits.push((wait = nextHubRetryMs(wait)));
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(nextHubRetryMs(0, { firstMs: 5, maxMs: 12 })).toBe(5);
    expect(nextHubRetryMs(10, { firstMs: 5, maxMs: 12 })).toBe(12);
  });

  it('keeps polling while the hub refuses, then switches back: subscribes from the log’s last seq and stops polling', async () => {
    const hub = fakeHub();
    let refusals = 3;
    const connect: ConnectHub = async (target, handlers) => {
      if (refusals-- > 0) throw new Error('WebSocket failed to connect: ECONNREFUSED');
      return hub.connect(target, handlers);
    };
    // A long operation, so polling is still going when the hub comes back.
    const all = [event(1), event(2), event(3), ...Array.from({ length: 200 }, (_, index) => event(index + 4))];
    const fetchPage = eventsEndpoint(all);
    const { live } = setup({ connect, fetchPage, hubRetry: { firstMs: 5, maxMs: 20 } });
    const modes: string[] = [];
    live.onStatusChange(() => modes.push(live.getStatus().mode));

    await live.start();
    live.watch('op-1');
    await waitFor(() => live.getStatus().mode === 'push');

    expect(modes).toEqual(['polling', 'push']);
    expect(live.getStatus().detail).toMatch(/WebSockets/);
    const polledUpTo = live.getLog('op-1').lastSeq;
    expect(polledUpTo).toBeGreaterThan(0);
    expect(hub.calls).toEqual(['SubscribeAll', `Subscribe op-1 ${polledUpTo}`]);

    // No more polling: what comes next comes from the hub, and what both delivered is applied once.
    const pollsAtSwitch = fetchPage.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fetchPage.mock.calls.length).toBe(pollsAtSwitch);
    for (const seq of [polledUpTo - 1, polledUpTo, polledUpTo + 1, polledUpTo + 2]) hub.handlers().onEvent(event(seq));
    expect(seqs(live.getLog('op-1').events)).toEqual(Array.from({ length: polledUpTo + 2 }, (_, index) => index + 1));
  });

  it('falls back again when the re-established hub is lost, and comes back again', async () => {
    const hub = fakeHub();
    let refusals = 1;
    const connect: ConnectHub = async (target, handlers) => {
      if (refusals-- > 0) throw new Error('no answer');
      return hub.connect(target, handlers);
    };
    const { live } = setup({ connect, hubRetry: { firstMs: 5, maxMs: 5 } });
    await live.start();
    await waitFor(() => live.getStatus().mode === 'push');

    hub.handlers().onClosed();
    expect(live.getStatus().mode).toBe('polling');
    await waitFor(() => live.getStatus().mode === 'push');
    expect(hub.calls.filter((call) => call === 'SubscribeAll')).toHaveLength(2);
  });

  it('stops trying once stopped', async () => {
    let attempts = 0;
    const connect: ConnectHub = async () => {
      attempts += 1;
      throw new Error('no answer');
    };
    const { live } = setup({ connect, hubRetry: { firstMs: 5, maxMs: 5 } });
    await live.start();
    await waitFor(() => attempts >= 3);

    live.stop();
    const after = attempts;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(attempts).toBe(after);
  });

  it('stays on polling when the hub connects but subscribing fails, and tries again', async () => {
    const hub = fakeHub();
    let failSubscribe = true;
    const stops: string[] = [];
    const connect: ConnectHub = async (target, handlers) => {
      const client = await hub.connect(target, handlers);
      return {
        ...client,
        subscribeAll: async () => {
          if (failSubscribe) {
            failSubscribe = false;
            throw new Error('invocation failed');
          }
          return client.subscribeAll();
        },
        stop: async () => {
          stops.push('stop');
          handlers.onClosed(); // a real connection reports its close
        },
      };
    };
    const { live } = setup({ connect, hubRetry: { firstMs: 5, maxMs: 5 } });
    const modes: string[] = [];
    live.onStatusChange(() => modes.push(live.getStatus().mode));

    await live.start();
    await waitFor(() => live.getStatus().mode === 'push');

    expect(stops).toEqual(['stop']);
    expect(modes).toEqual(['polling', 'push']);
  });
});

