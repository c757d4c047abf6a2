import type { OverheadFigure } from '../../../api';

const number = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

/** A figure's value with its unit; "—" when it was not measured. */
export const formatFigure = (value: number | null | undefined, unit: string) => (value == null ? '—' : `${number(value)} ${unit}`);

/** A delta's number, signed against the plain namespace (a mesh-only figure has no plain value and is not signed). */
const deltaNumber = (figure: OverheadFigure, value: number) => (figure.plain === null ? number(value) : `${value >= 0 ? '+' : '−'}${number(Math.abs(value))}`);

/** A delta against the plain namespace with its unit. */
export const formatDelta = (figure: OverheadFigure, value: number | null | undefined) => (value == null ? '—' : `${deltaNumber(figure, value)} ${figure.unit}`);

/** The spread of the per-round deltas, so that noise is visible next to the mean: "+2.50 … +3.00 ms". */
export const formatSpread = (figure: OverheadFigure, min: number | null | undefined, max: number | null | undefined) =>
  min == null || max == null ? '—' : `${deltaNumber(figure, min)} … ${deltaNumber(figure, max)} ${figure.unit}`;
