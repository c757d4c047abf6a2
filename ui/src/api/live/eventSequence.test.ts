import { describe, expect, it } from 'vitest';
import { event, seqs } from '../../test/fixtures';
import { EventSequence } from './eventSequence';

describe('EventSequence', () => {
  it('releases in-order events as they come', () => {
    const sequence = new EventSequence();
    expect(seqs(sequence.accept([event(1), event(2)]))).toEqual([1, 2]);
    expect(seqs(sequence.accept([event(3)]))).toEqual([3]);
    expect(sequence.lastSeq).toBe(3);
  });

  it('drops duplicates, including replays of released events', () => {
    const sequence = new EventSequence();
    sequence.accept([event(1), event(2), event(2)]);
    expect(sequence.accept([event(1), event(2)])).toEqual([]);
    expect(seqs(sequence.events)).toEqual([1, 2]);
  });

  it('holds events behind a gap until the gap is filled, then releases them in order', () => {
    const sequence = new EventSequence();
    expect(seqs(sequence.accept([event(3), event(5)]))).toEqual([]);
    expect(sequence.waitingCount).toBe(2);
    expect(seqs(sequence.accept([event(1)]))).toEqual([1]);
    expect(seqs(sequence.accept([event(2), event(4), event(4)]))).toEqual([2, 3, 4, 5]);
    expect(seqs(sequence.events)).toEqual([1, 2, 3, 4, 5]);
    expect(sequence.waitingCount).toBe(0);
  });

  it('yields 1..n from a live stream interleaved with a replay that overlaps it', () => {
    const sequence = new EventSequence();
    const live = [7, 8, 9, 10].map((seq) => event(seq));
    const replay = [1, 2, 3, 4, 5, 6, 7, 8].map((seq) => event(seq));
    const arrivals = [live[0]!, replay[0]!, replay[1]!, live[1]!, ...replay.slice(2), live[2]!, live[3]!];
    for (const arrival of arrivals) sequence.accept([arrival]);
    expect(seqs(sequence.events)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
