import type { OverheadFigure } from '../../../api';

const number = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

/** A figure's value with its unit; "—" when it was not measured. */
export const formatFigure = (value: number | null | undefined, unit: string) => (value == null ? '—' : `${number(value)} ${unit}`);

/** A delta against the plain namespace, signed (a mesh-only figure has no plain value and is not signed). */
export function formatDelta(figure: OverheadFigure, value: number | null | undefined): string {
  if (value == null) return '—';
  if (figure.plain === null) return formatFigure(value, figure.unit);
  return `${value >= 0 ? '+' : '−'}${number(Math.abs(value))} ${figure.unit}`;
}

/** The spread of the per-round deltas, so that noise is visible next to the mean. */
export const formatSpread = (figure: OverheadFigure, min: number | null | undefined, max: number | null | undefined) =>
  min == null || max == null ? '—' : `${formatDelta(figure, min)} … ${formatDelta(figure, max)}`;
