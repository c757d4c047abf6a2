import type { OperationEvent } from '../operations/types';

/**
 * One operation's event log, in seq order without gaps or duplicates, whatever order the events arrive in: the hub
 * replays history while live events of the same operation also arrive through SubscribeAll, a reconnect replays
 * what was missed, and a poller may overlap with both. Events past a gap wait until the gap is filled.
 */
export class EventSequence {
  private readonly released: OperationEvent[] = [];
  private readonly waiting = new Map<number, OperationEvent>();

  /** The highest seq released so far, 0 before the first event. */
  get lastSeq(): number {
    return this.released.at(-1)?.seq ?? 0;
  }

  /** The released events, oldest first. The array grows in place; `lastSeq` tells when it changed. */
  get events(): readonly OperationEvent[] {
    return this.released;
  }

  /** Number of events held back behind a gap. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Takes events in any order and returns the ones this call released, in seq order. */
  accept(events: Iterable<OperationEvent>): OperationEvent[] {
    for (const event of events) {
      if (event.seq > this.lastSeq && !this.waiting.has(event.seq)) this.waiting.set(event.seq, event);
    }
    const releasedNow: OperationEvent[] = [];
    for (let next = this.waiting.get(this.lastSeq + 1); next; next = this.waiting.get(this.lastSeq + 1)) {
      this.waiting.delete(next.seq);
      this.released.push(next);
      releasedNow.push(next);
    }
    return releasedNow;
  }
}
