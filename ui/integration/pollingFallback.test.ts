// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/apiError';
import { cancelOperation, getOperationEvents, listOperations } from '../src/api/operations/calls';
import { selftestStart, startOperation } from '../src/api/operations/queries';
import { getHealth, getSession } from '../src/api/platform/calls';
import { createHubConnector } from '../src/api/live/hubClient';
import { resolveHubTarget } from '../src/api/live/hubTarget';
import { LiveEvents } from '../src/api/live/liveEvents';
import { operationKeys } from '../src/api/operations/queries';
import { setTransport } from '../src/api/transport';
import { isFinal, type Operation } from '../src/api/operations/types';
import { until, type RunningBackend } from './backendProcess';
import { startPanelBackend } from './socketDdClient';

// The panel inside Docker Desktop when the hub port cannot be reached: every request goes through a ddClient whose
// vm.service speaks HTTP on the real backend's Unix socket, and live progress comes from polling the events API.

let backend: RunningBackend;

beforeAll(async () => {
  backend = await startPanelBackend();
}, 90_000);

afterAll(async () => {
  setTransport(undefined);
  await backend?.stop();
});

async function pollUntilFinal(id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await getOperationEvents(id, 0);
    if (isFinal(page.status) && page.events.at(-1)?.kind === 'status' && isFinal(page.events.at(-1)!.status)) return page;
    if (Date.now() > deadline) throw new Error(`Operation ${id} did not finish. Backend output:\n${backend.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the polling fallback against the real backend over its Unix socket', () => {
  it('answers health and a session without a hub port (nothing publishes one here)', async () => {
    const health = await getHealth();
    expect(health.status).toBe('ok');
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
    const session = await getSession();
    expect(session.hubPort).toBeNull();
    expect(session.token.length).toBeGreaterThanOrEqual(16);
  });

  it('falls back to polling and streams a self-test as seq 1..n to its final status', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(operationKeys.list, await listOperations());
    const live = new LiveEvents({ queryClient, resolveHubTarget, connectHub: createHubConnector(2_000), fetchPage: getOperationEvents });
    const finished: string[] = [];
    live.onFinish((operation, final) => finished.push(`${operation.id} ${final.status}`));
    try {
      await live.start();
      expect(live.getStatus().mode).toBe('polling');
      expect(live.getStatus().detail).toMatch(/does not know the host port/);

      const steps = 16;
      const { id } = await startOperation(selftestStart({ steps, stepMillis: 150 }));
      queryClient.setQueryData(operationKeys.list, await listOperations());
      const unwatch = live.watch(id);

      // Live: the log grows in several steps while the operation runs (about every half second), not all at the end.
      const seenWhileRunning = new Set<number>();
      await until(backend, () => {
        const last = live.getLog(id).events.at(-1);
        if (last?.status === 'running') seenWhileRunning.add(last.seq);
        return last?.status === 'succeeded';
      }, 'the final status event');
      unwatch();

      const events = live.getLog(id).events;
      expect(seenWhileRunning.size).toBeGreaterThanOrEqual(3);
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: events.length }, (_, index) => index + 1));
      expect(events[0]).toMatchObject({ kind: 'status', status: 'running' });
      expect(events.at(-1)).toMatchObject({ kind: 'status', status: 'succeeded' });
      const progress = events.filter((event) => event.kind === 'progress');
      expect(progress).toHaveLength(steps);
      expect(progress.at(-1)!.data).toMatchObject({ done: steps, total: steps });

      const cached = queryClient.getQueryData<Operation[]>(operationKeys.list)!.find((operation) => operation.id === id)!;
      expect(cached).toMatchObject({ status: 'succeeded', stepsDone: steps, stepsTotal: steps, lastSeq: events.length });
      expect(finished).toEqual([`${id} succeeded`]);
    } finally {
      live.stop();
    }
  }, 60_000);

  it('turns the backend’s problem+json into ApiErrors with its sentence, through ddClient', async () => {
    const unknown = await getOperationEvents('no-such-operation', 0).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ApiError);
    expect((unknown as ApiError).status).toBe(404);
    expect((unknown as ApiError).message).toMatch(/no-such-operation/);

    const invalid = await startOperation(selftestStart({ steps: 0, stepMillis: 0 })).catch((error: unknown) => error);
    expect((invalid as ApiError).status).toBe(400);
    expect((invalid as ApiError).message).toMatch(/steps/i);

    const first = await startOperation(selftestStart({ steps: 50, stepMillis: 100, target: 'ui-busy' }));
    const busy = (await startOperation(selftestStart({ steps: 1, stepMillis: 0, target: 'ui-busy' })).catch((error: unknown) => error)) as ApiError;
    expect(busy.status).toBe(409);
    expect(busy.extension('operationId')).toBe(first.id);
  });

  it('cancels a running operation through ddClient, and explains why a second cancel does nothing', async () => {
    const { id } = await startOperation(selftestStart({ steps: 100, stepMillis: 100 }));
    const accepted = await cancelOperation(id);
    expect(accepted.id).toBe(id);

    const page = await pollUntilFinal(id);
    expect(page.status).toBe('cancelled');
    expect(page.events.at(-1)).toMatchObject({ kind: 'status', status: 'cancelled' });

    const again = (await cancelOperation(id).catch((error: unknown) => error)) as ApiError;
    expect(again).toBeInstanceOf(ApiError);
    expect(again.status).toBe(409);
    expect(again.message).toMatch(/already finished/);
  });
});
