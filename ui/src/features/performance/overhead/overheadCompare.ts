// Two overhead reports side by side: per figure, each report's delta against its own plain namespace with its
// spread across rounds, and which of the two costs more — or that their spreads overlap, so the rounds cannot tell.
import type { OverheadFigure, OverheadReport } from '../../../api';

/** Figures where a larger delta is better for the user (the mesh lowered throughput or success less). */
const higherIsBetter = new Set(['throughput', 'success']);

export interface ComparedDelta {
  figure: OverheadFigure;
  delta: number;
  min: number;
  max: number;
}

export type Verdict = 'first' | 'second' | 'overlap' | 'unknown';

export interface ComparedFigure {
  key: string;
  label: string;
  unit: string;
  first: ComparedDelta | null;
  second: ComparedDelta | null;
  /** Which report's mesh costs more on this figure; `overlap` when the spreads across rounds overlap. */
  costsMore: Verdict;
}

const compared = (figure: OverheadFigure | undefined): ComparedDelta | null =>
  figure && figure.delta !== null
    ? { figure, delta: figure.delta, min: figure.deltaMin ?? figure.delta, max: figure.deltaMax ?? figure.delta }
    : null;

export function verdict(key: string, first: ComparedDelta | null, second: ComparedDelta | null): Verdict {
  if (!first || !second) return 'unknown';
  if (first.min <= second.max && second.min <= first.max) return 'overlap';
  const firstHigher = first.delta > second.delta;
  return higherIsBetter.has(key) === firstHigher ? 'second' : 'first';
}

/** Every figure either report has, in the first report's order, then the second's own. */
export function compareReports(first: OverheadReport, second: OverheadReport): ComparedFigure[] {
  const firstFigures = first.figures ?? [];
  const secondFigures = second.figures ?? [];
  const keys = [...new Set([...firstFigures, ...secondFigures].map((figure) => figure.key))];
  return keys.map((key) => {
    const a = firstFigures.find((figure) => figure.key === key);
    const b = secondFigures.find((figure) => figure.key === key);
    const shown = (a ?? b)!;
    const [left, right] = [compared(a), compared(b)];
    return { key, label: shown.label, unit: shown.unit, first: left, second: right, costsMore: verdict(key, left, right) };
  });
}
