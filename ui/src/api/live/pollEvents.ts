import { ApiError } from '../apiError';
import { isFinal, type EventsPage, type OperationEvent, type OperationStatus } from '../operations/types';

/** The backend returns at most this many events per call; a full page means more are waiting. */
export const pageLimit = 1000;

export interface PollOptions {
  fetchPage: (after: number) => Promise<EventsPage>;
  /** Receives every page's events (possibly empty) and the operation's current status. */
  onEvents: (events: OperationEvent[], status: OperationStatus) => void;
  onError?: (error: unknown) => void;
  /** Where to resume: the highest seq already held. */
  after?: number;
  /** About twice a second while the operation runs. */
  intervalMs?: number;
  /**
   * The status is stored as final a moment before the last event is written, so a page can say "succeeded" before
   * its final event exists: poll this many more times for it before giving up.
   */
  finalGracePolls?: number;
  signal: AbortSignal;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * Polls `GET /api/operations/{id}/events?after=N` until the operation has reached a final status and its final
 * event has been read, or until aborted. Resolves with the last status seen (null when aborted before any answer or
 * when the operation does not exist).
 */
export async function pollEvents(options: PollOptions): Promise<OperationStatus | null> {
  const { fetchPage, onEvents, onError, signal, intervalMs = 500, finalGracePolls = 10 } = options;
  let after = options.after ?? 0;
  let status: OperationStatus | null = null;
  let finalEventSeen = false;
  let graceLeft = finalGracePolls;
  let failures = 0;

  while (!signal.aborted) {
    let page: EventsPage;
    try {
      page = await fetchPage(after);
      failures = 0;
    } catch (error) {
      if (signal.aborted) break;
      onError?.(error);
      // An unknown operation will not appear later; anything else (backend restarting) is worth retrying, slower.
      if (error instanceof ApiError && error.status === 404) return status;
      failures += 1;
      await sleep(intervalMs * Math.min(2 ** failures, 20), signal);
      continue;
    }
    if (signal.aborted) break;
    const fresh = page.events.filter((event) => event.seq > after);
    status = page.status;
    onEvents(fresh, page.status);
    const last = fresh.at(-1);
    if (last) {
      after = last.seq;
      if (isFinal(last.status)) finalEventSeen = true;
    }
    if (page.events.length >= pageLimit) continue;
    if (isFinal(page.status) && (finalEventSeen || graceLeft-- <= 0)) return status;
    await sleep(intervalMs, signal);
  }
  return status;
}
