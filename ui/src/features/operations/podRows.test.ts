import { describe, expect, it } from 'vitest';
import { event } from '../../test/fixtures';
import { podLabel, podRows, podTone } from './podRows';

const pod = (seq: number, data: Record<string, unknown>) => event(seq, { message: `${String(data.pod)} changed`, data: { done: 0, total: 1, ...data } });

describe('podRows', () => {
  it('keeps each pod at its latest reported state, in name order', () => {
    const rows = podRows([
      event(1),
      pod(2, { pod: 'istiod-b', phase: 'Pending', ready: false, reason: null, restarts: 0 }),
      pod(3, { pod: 'istiod-a', phase: 'Pending', ready: false, reason: 'ContainerCreating', restarts: 0 }),
      event(4, { kind: 'log', message: 'helm says hi', data: { source: 'helm' } }),
      pod(5, { pod: 'istiod-b', phase: 'Running', ready: true, reason: null, restarts: 1 }),
    ]);

    expect(rows.map((row) => [row.pod, podLabel(row), row.restarts])).toEqual([
      ['istiod-a', 'ContainerCreating', 0],
      ['istiod-b', 'Ready', 1],
    ]);
  });

  it('marks an image pull back-off as an error and keeps its message for the tooltip', () => {
    const row = podRows([
      pod(2, { pod: 'web-1', phase: 'Pending', ready: false, reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope:1"', restarts: 0 }),
    ])[0]!;

    expect(podTone(row)).toBe('error');
    expect(row.message).toBe('Back-off pulling image "nope:1"');
  });

  it('shows deleted pods as deleted during an uninstall', () => {
    const row = podRows([pod(2, { pod: 'istiod-a', phase: 'Running', ready: false, reason: 'Deleted', deleted: true, restarts: 0 })])[0]!;

    expect(podLabel(row)).toBe('Deleted');
    expect(podTone(row)).toBe('default');
  });
});
