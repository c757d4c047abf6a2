import type { QueryClient } from '@tanstack/react-query';
import { isFinal, type EventsPage, type Operation, type OperationEvent } from '../operations/types';
import { operationKeys } from '../operations/queries';
import { patchCache } from './cachePatch';
import { EventSequence } from './eventSequence';
import type { ConnectHub, HubClient, HubTarget } from './hubClient';
import { invalidateFinished } from './invalidations';
import { pollEvents } from './pollEvents';

/** `push`: SignalR delivers events; `polling`: the hub could not be reached, events are polled over the API. */
export type LiveMode = 'connecting' | 'push' | 'polling';

export interface LiveStatus {
  mode: LiveMode;
  /** Why the mode is what it is, as a sentence for the UI. */
  detail: string;
}

export interface LogSnapshot {
  /** Seq 1, 2, 3… without gaps or duplicates. */
  events: readonly OperationEvent[];
  lastSeq: number;
}

export interface LiveEventsDeps {
  queryClient: QueryClient;
  /** Throws when there is no hub to connect to (e.g. Docker Desktop without a published hub port). */
  resolveHubTarget: () => Promise<HubTarget>;
  connectHub: ConnectHub;
  fetchPage: (operationId: string, after: number) => Promise<EventsPage>;
  pollIntervalMs?: number;
  /**
   * Pushed events are applied in batches this far apart: a fast operation sends hundreds a second, and one render
   * (and layout of a long log) per event would freeze the panel. 0 applies each at once.
   */
  batchMs?: number;
  /**
   * After falling back to polling, the hub is tried again in the background: first after `firstMs`, then each wait
   * twice the last, at most `maxMs`.
   */
  hubRetry?: HubRetry;
}

export interface HubRetry {
  firstMs: number;
  maxMs: number;
}

export const defaultHubRetry: HubRetry = { firstMs: 2_000, maxMs: 30_000 };

/** The wait before the next try of the hub: `firstMs` after none (`previousMs` 0), then doubling up to `maxMs`. */
export function nextHubRetryMs(previousMs: number, retry: HubRetry = defaultHubRetry): number {
  return previousMs <= 0 ? retry.firstMs : Math.min(previousMs * 2, retry.maxMs);
}

export type FinishListener = (operation: Operation, finalEvent: OperationEvent) => void;

interface LogState {
  sequence: EventSequence;
  snapshot: LogSnapshot;
  listeners: Set<() => void>;
  watchers: number;
}

const emptyLog: LogSnapshot = { events: [], lastSeq: 0 };

/**
 * The one place live operation events come from. It connects to the SignalR hub and subscribes to every operation;
 * when the hub cannot be reached (or is lost for good) it polls each running or watched operation instead, and keeps
 * trying the hub in the background (2 s, 4 s, … at most 30 s apart). Once the hub answers it subscribes again — the
 * hub replays the running operations and each watched log from its last seq — and only then stops polling, so the
 * switch loses nothing; what both sources deliver is applied once, by seq. Either way every event patches the query
 * cache, feeds the operation's ordered log, and a finish is announced once.
 */
export class LiveEvents {
  private status: LiveStatus = { mode: 'connecting', detail: 'Connecting to the live progress hub…' };
  private hub: HubClient | null = null;
  private stopped = false;
  private readonly logs = new Map<string, LogState>();
  private readonly pollers = new Map<string, AbortController>();
  private readonly unknownRefetched = new Set<string>();
  private readonly unknownFinished = new Set<string>();
  private readonly statusListeners = new Set<() => void>();
  private readonly finishListeners = new Set<FinishListener>();
  private stopWatchingCache: (() => void) | null = null;
  private pushed: OperationEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs = 0;

  constructor(private readonly deps: LiveEventsDeps) {}

  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      if (this.stopped) return;
      const reason = error instanceof Error ? error.message : String(error);
      this.fallBackToPolling(`the live progress hub could not be reached (${reason})`);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.retryTimer);
    for (const controller of this.pollers.values()) controller.abort();
    this.pollers.clear();
    this.stopWatchingCache?.();
    void this.hub?.stop().catch(() => undefined);
    this.hub = null;
  }

  getStatus(): LiveStatus {
    return this.status;
  }

  onStatusChange(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onFinish(listener: FinishListener): () => void {
    this.finishListeners.add(listener);
    return () => this.finishListeners.delete(listener);
  }

  getLog(operationId: string): LogSnapshot {
    return this.logs.get(operationId)?.snapshot ?? emptyLog;
  }

  onLogChange(operationId: string, listener: () => void): () => void {
    const log = this.ensureLog(operationId);
    log.listeners.add(listener);
    return () => log.listeners.delete(listener);
  }

  /** Keeps an operation's full log streaming while someone looks at it. Returns the function that stops watching. */
  watch(operationId: string): () => void {
    const log = this.ensureLog(operationId);
    log.watchers += 1;
    if (this.hub) {
      this.hub.subscribe(operationId, log.sequence.lastSeq).catch(() => this.startPoller(operationId));
    } else if (this.status.mode === 'polling') {
      this.startPoller(operationId);
    }
    return () => {
      log.watchers -= 1;
      if (log.watchers === 0 && this.hub) void this.hub.unsubscribe(operationId).catch(() => undefined);
    };
  }

  /** Takes events from either source, in any order, possibly repeated. */
  receive(events: readonly OperationEvent[]): void {
    for (const event of events) {
      const { queryClient } = this.deps;
      const { known, finishedNow } = patchCache(queryClient, event);
      if (!known && !this.unknownRefetched.has(event.operationId)) {
        // An operation started elsewhere (another window, the CLI), or one whose start this window has not listed
        // yet: fetch the list once to show it.
        this.unknownRefetched.add(event.operationId);
        void queryClient.invalidateQueries({ queryKey: operationKeys.list });
      }
      if (!known && isFinal(event.status) && !this.unknownFinished.has(event.operationId)) {
        this.unknownFinished.add(event.operationId);
        // It finished before the list knew it (a fast one): what it changed is refreshed once the list says its kind.
        void queryClient.invalidateQueries({ queryKey: operationKeys.list }).then(() => {
          const operation = queryClient.getQueryData<Operation[]>(operationKeys.list)?.find((item) => item.id === event.operationId);
          if (operation) return invalidateFinished(queryClient, operation);
        });
      }
      if (finishedNow) {
        void invalidateFinished(queryClient, finishedNow);
        for (const listener of this.finishListeners) listener(finishedNow, event);
      }
    }
    const touched = new Set(events.map((event) => event.operationId));
    for (const operationId of touched) {
      const log = this.logs.get(operationId);
      if (!log) continue;
      const released = log.sequence.accept(events.filter((event) => event.operationId === operationId));
      if (released.length === 0) continue;
      log.snapshot = { events: log.sequence.events, lastSeq: log.sequence.lastSeq };
      for (const listener of log.listeners) listener();
    }
  }

  private push(event: OperationEvent): void {
    const batchMs = this.deps.batchMs ?? 50;
    if (batchMs <= 0) return this.receive([event]);
    this.pushed.push(event);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      this.receive(this.pushed.splice(0));
    }, batchMs);
  }

  private ensureLog(operationId: string): LogState {
    let log = this.logs.get(operationId);
    if (!log) {
      log = { sequence: new EventSequence(), snapshot: emptyLog, listeners: new Set(), watchers: 0 };
      this.logs.set(operationId, log);
    }
    return log;
  }

  /** Connects, subscribes, and only then leaves polling (if it was polling): throws when any of it fails. */
  private async connect(): Promise<void> {
    const target: HubTarget = await this.deps.resolveHubTarget();
    let client: HubClient | null = null;
    const hub = await this.deps.connectHub(target, {
      onEvent: (event) => this.push(event),
      onReconnected: () => void this.subscribeEverything(),
      // Only the connection in use: one closed by a failed switch or by stop() is not a reason to poll.
      onClosed: () => {
        if (client && this.hub === client) this.fallBackToPolling('the connection to the live progress hub was lost');
      },
    });
    if (this.stopped) {
      await hub.stop();
      return;
    }
    client = hub;
    this.hub = hub;
    try {
      await this.subscribeEverything();
    } catch (error) {
      this.hub = null;
      await hub.stop().catch(() => undefined);
      throw error;
    }
    if (this.stopped) return;
    this.stopPolling();
    this.setStatus({ mode: 'push', detail: 'Live progress arrives over WebSockets.' });
  }

  private async subscribeEverything(): Promise<void> {
    const hub = this.hub;
    if (!hub) return;
    await hub.subscribeAll();
    // Replays what each watched log missed (first connection, or the gap of a reconnect).
    for (const [operationId, log] of this.logs) {
      if (log.watchers > 0) await hub.subscribe(operationId, log.sequence.lastSeq);
    }
    void this.deps.queryClient.invalidateQueries({ queryKey: operationKeys.list });
  }

  private fallBackToPolling(reason: string): void {
    if (this.stopped || this.status.mode === 'polling') return;
    this.hub = null;
    this.setStatus({
      mode: 'polling',
      detail: `Live progress is polled twice a second because ${reason}; the hub is tried again in the background.`,
    });
    this.retryDelayMs = 0;
    this.scheduleHubRetry();
    const cache = this.deps.queryClient.getQueryCache();
    const listKey = JSON.stringify(operationKeys.list);
    this.stopWatchingCache = cache.subscribe((change) => {
      if (change.type === 'updated' && JSON.stringify(change.query.queryKey) === listKey) this.pollRunning();
    });
    this.pollRunning();
    for (const [operationId, log] of this.logs) if (log.watchers > 0) this.startPoller(operationId);
  }

  private scheduleHubRetry(): void {
    if (this.stopped) return;
    this.retryDelayMs = nextHubRetryMs(this.retryDelayMs, this.deps.hubRetry);
    this.retryTimer = setTimeout(() => void this.retryHub(), this.retryDelayMs);
  }

  private async retryHub(): Promise<void> {
    this.retryTimer = undefined;
    if (this.stopped || this.status.mode !== 'polling') return;
    try {
      await this.connect();
    } catch {
      this.scheduleHubRetry();
    }
  }

  /** Called once the hub's subscriptions are in place: from here on it delivers what the pollers did. */
  private stopPolling(): void {
    this.stopWatchingCache?.();
    this.stopWatchingCache = null;
    for (const controller of this.pollers.values()) controller.abort();
    this.pollers.clear();
  }

  /** Polls every operation the list shows as not finished, so statuses and finishes keep coming. */
  private pollRunning(): void {
    const list = this.deps.queryClient.getQueryData<Operation[]>(operationKeys.list) ?? [];
    for (const operation of list) if (!isFinal(operation.status)) this.startPoller(operation.id);
  }

  private startPoller(operationId: string): void {
    if (this.stopped || this.pollers.has(operationId)) return;
    const log = this.ensureLog(operationId);
    const lastEvent = log.sequence.events.at(-1);
    if (lastEvent && isFinal(lastEvent.status)) return;
    const controller = new AbortController();
    this.pollers.set(operationId, controller);
    void pollEvents({
      fetchPage: (after) => this.deps.fetchPage(operationId, after),
      onEvents: (events) => this.receive(events),
      after: log.sequence.lastSeq,
      intervalMs: this.deps.pollIntervalMs,
      signal: controller.signal,
    }).finally(() => {
      if (this.pollers.get(operationId) === controller) this.pollers.delete(operationId);
    });
  }

  private setStatus(status: LiveStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }
}
