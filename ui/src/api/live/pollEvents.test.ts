import { describe, expect, it, vi } from 'vitest';
import { event, finalEvent, seqs } from '../../test/fixtures';
import { ApiError } from '../apiError';
import type { EventsPage, OperationEvent, OperationStatus } from '../operations/types';
import { pageLimit, pollEvents } from './pollEvents';

const page = (status: OperationStatus, events: OperationEvent[]): EventsPage => ({ operationId: 'op-1', status, events });

/** A backend whose operation gains events over time: each poll reveals the next batch. */
function growingBackend(batches: EventsPage[]) {
  const afters: number[] = [];
  let call = 0;
  const fetchPage = vi.fn(async (after: number) => {
    afters.push(after);
    const current = batches[Math.min(call++, batches.length - 1)]!;
    return { ...current, events: current.events.filter((item) => item.seq > after) };
  });
  return { fetchPage, afters };
}

describe('pollEvents', () => {
  it('asks for events after the last one it has, and stops at the final status event', async () => {
    const all = [event(1), event(2), event(3), finalEvent(4)];
    const backend = growingBackend([
      page('running', all.slice(0, 2)),
      page('running', all.slice(0, 2)),
      page('running', all.slice(0, 3)),
      page('succeeded', all),
    ]);
    const received: OperationEvent[] = [];

    const status = await pollEvents({
      fetchPage: backend.fetchPage,
      onEvents: (events) => received.push(...events),
      intervalMs: 1,
      signal: new AbortController().signal,
    });

    expect(status).toBe('succeeded');
    expect(seqs(received)).toEqual([1, 2, 3, 4]);
    expect(backend.afters).toEqual([0, 2, 2, 3]);
  });

  it('keeps polling when the status is final but its final event is not written yet', async () => {
    const backend = growingBackend([
      page('succeeded', [event(1), event(2)]),
      page('succeeded', [event(1), event(2), finalEvent(3)]),
    ]);
    const received: OperationEvent[] = [];
    await pollEvents({ fetchPage: backend.fetchPage, onEvents: (events) => received.push(...events), intervalMs: 1, signal: new AbortController().signal });
    expect(seqs(received)).toEqual([1, 2, 3]);
    expect(backend.fetchPage).toHaveBeenCalledTimes(2);
  });

  it('gives up waiting for a final event after the grace polls', async () => {
    const backend = growingBackend([page('interrupted', [event(1)])]);
    const status = await pollEvents({ fetchPage: backend.fetchPage, onEvents: () => {}, intervalMs: 1, finalGracePolls: 2, signal: new AbortController().signal });
    expect(status).toBe('interrupted');
    expect(backend.fetchPage).toHaveBeenCalledTimes(3);
  });

  it('fetches the next page at once when a page was full', async () => {
    const many = Array.from({ length: pageLimit + 2 }, (_, index) => event(index + 1));
    many[many.length - 1] = finalEvent(pageLimit + 2);
    const fetchPage = vi.fn(async (after: number) => page('succeeded', many.filter((item) => item.seq > after).slice(0, pageLimit)));
    const received: OperationEvent[] = [];
    const started = Date.now();
    await pollEvents({ fetchPage, onEvents: (events) => received.push(...events), intervalMs: 5_000, signal: new AbortController().signal });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(received).toHaveLength(pageLimit + 2);
    expect(fetchPage.mock.calls.map(([after]) => after)).toEqual([0, pageLimit]);
  });

  it('retries after an error and reports it', async () => {
    let calls = 0;
    const fetchPage = vi.fn(async () => {
      if (calls++ === 0) throw new ApiError(0, 'Could not reach the Meshdock backend.');
      return page('succeeded', [event(1), finalEvent(2)]);
    });
    const onError = vi.fn();
    const status = await pollEvents({ fetchPage, onEvents: () => {}, onError, intervalMs: 1, signal: new AbortController().signal });
    expect(status).toBe('succeeded');
    expect(onError).toHaveBeenCalledOnce();
  });

  it('stops for an operation that does not exist', async () => {
    const fetchPage = vi.fn().mockRejectedValue(new ApiError(404, 'No operation has the id x.'));
    const status = await pollEvents({ fetchPage, onEvents: () => {}, intervalMs: 1, signal: new AbortController().signal });
    expect(status).toBeNull();
    expect(fetchPage).toHaveBeenCalledOnce();
  });

  it('stops when aborted while the operation still runs', async () => {
    const controller = new AbortController();
    const fetchPage = vi.fn(async () => page('running', []));
    const polling = pollEvents({ fetchPage, onEvents: () => {}, intervalMs: 5, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 30));
    controller.abort();
    expect(await polling).toBe('running');
    const callsAtAbort = fetchPage.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fetchPage.mock.calls.length).toBe(callsAtAbort);
  });
});
