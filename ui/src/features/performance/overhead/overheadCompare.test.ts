import { describe, expect, it } from 'vitest';
import type { OverheadFigure, OverheadReport } from '../../../api';
import { compareReports } from './overheadCompare';

const figure = (key: string, delta: number | null, deltaMin: number | null = delta, deltaMax: number | null = delta): OverheadFigure => ({
  key,
  label: key,
  unit: 'ms',
  plain: 1,
  meshed: delta === null ? null : 1 + delta,
  delta,
  deltaMin,
  deltaMax,
});

const report = (figures: OverheadFigure[] | null) => ({ figures }) as OverheadReport;

describe('compareReports', () => {
  it('says which report costs more only when the spreads across rounds do not overlap', () => {
    const rows = compareReports(
      report([figure('p99', 3, 2.5, 3.5), figure('p50', 0.4, 0.1, 0.9), figure('proxyMemory', 40)]),
      report([figure('p99', 1, 0.8, 1.2), figure('p50', 0.6, 0.5, 0.7), figure('proxyMemory', 55)]),
    );
    expect(rows.map((row) => [row.key, row.costsMore])).toEqual([
      ['p99', 'first'],
      ['p50', 'overlap'],
      ['proxyMemory', 'second'],
    ]);
    expect(rows[0]!.first).toMatchObject({ delta: 3, min: 2.5, max: 3.5 });
  });

  it('reads throughput and success the other way: the mesh that lowers them more costs more', () => {
    const rows = compareReports(report([figure('throughput', -50), figure('success', -0.1)]), report([figure('throughput', -5), figure('success', -2)]));
    expect(rows.map((row) => row.costsMore)).toEqual(['first', 'second']);
  });

  it('keeps figures only one report has, and cannot tell without both deltas', () => {
    const rows = compareReports(report([figure('p99', 2), figure('controlPlaneCpu', null)]), report([figure('p99', 2.5), figure('filterOnly', 1)]));
    expect(rows.map((row) => row.key)).toEqual(['p99', 'controlPlaneCpu', 'filterOnly']);
    expect(rows.map((row) => row.costsMore)).toEqual(['second', 'unknown', 'unknown']);
    expect(rows[1]!.first).toBeNull();
    expect(compareReports(report(null), report(null))).toEqual([]);
  });
});
