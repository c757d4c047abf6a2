import { describe, expect, it } from 'vitest';
import { deltaTone, formatDelta } from './compareMath';
import { formatPercentileTick, percentileToX, toShares } from './percentileAxis';

describe('compare deltas', () => {
  it('calls higher latency worse and higher throughput better', () => {
    expect(deltaTone('p99Ms', 1.5)).toBe('worse');
    expect(deltaTone('p50Ms', -0.2)).toBe('better');
    expect(deltaTone('throughputPercent', 12)).toBe('better');
    expect(deltaTone('throughputPercent', -3.4)).toBe('worse');
    expect(deltaTone('p90Ms', 0.001)).toBe('same');
    expect(deltaTone('p99Ms', null)).toBe('unknown');
  });

  it('shows the sign so direction does not rely on colour', () => {
    expect(formatDelta('p99Ms', 1.5)).toBe('+1.50 ms');
    expect(formatDelta('p50Ms', -0.2)).toBe('−0.200 ms');
    expect(formatDelta('throughputPercent', -3.44)).toBe('−3.4 %');
    expect(formatDelta('throughputPercent', 0.01)).toBe('±0 %');
    expect(formatDelta('p50Ms', null)).toBe('—');
  });

  it('calls a lower success rate or good throughput worse, in percentage points and percent', () => {
    expect(deltaTone('successRatePoints', -98)).toBe('worse');
    expect(deltaTone('goodRpsPercent', 4)).toBe('better');
    expect(formatDelta('successRatePoints', -98)).toBe('−98.0 pp');
    expect(formatDelta('successRatePoints', 0)).toBe('±0 pp');
    expect(formatDelta('goodRpsPercent', -97.96)).toBe('−98.0 %');
  });
});

describe('percentile axis', () => {
  it('spaces 90 %, 99 %, 99.9 % one unit apart', () => {
    expect(percentileToX(0)).toBe(0);
    expect(percentileToX(90)).toBeCloseTo(1);
    expect(percentileToX(99)).toBeCloseTo(2);
    expect(percentileToX(99.9)).toBeCloseTo(3);
    expect(percentileToX(100)).toBe(6);
    expect([0, 1, 2, 3, 4].map(formatPercentileTick)).toEqual(['0%', '90%', '99%', '99.9%', '99.99%']);
  });

  it('turns bucket counts into shares of the run', () => {
    const shares = toShares([
      { fromMs: 1, toMs: 4, count: 1 },
      { fromMs: 4, toMs: 16, count: 3 },
    ]);
    expect(shares).toEqual([
      { ms: 2, share: 25 },
      { ms: 8, share: 75 },
    ]);
  });
});
