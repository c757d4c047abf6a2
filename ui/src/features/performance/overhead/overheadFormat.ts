import type { OverheadFigure } from '../../../api';

const number = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

// An empty unit leaves it out, for a table that names each row's unit once.
const withUnit = (text: string, unit: string) => (unit === '' ? text : `${text} ${unit}`);

/** A figure's value with its unit; "—" when it was not measured. */
export const formatFigure = (value: number | null | undefined, unit: string) => (value == null ? '—' : withUnit(number(value), unit));

/** A delta's number, signed against the plain namespace (a mesh-only figure has no plain value and is not signed). */
const deltaNumber = (figure: OverheadFigure, value: number) => (figure.plain === null ? number(value) : `${value >= 0 ? '+' : '−'}${number(Math.abs(value))}`);

/** A delta against the plain namespace with its unit. */
export const formatDelta = (figure: OverheadFigure, value: number | null | undefined, unit = figure.unit) =>
  value == null ? '—' : withUnit(deltaNumber(figure, value), unit);

/** The spread of the per-round deltas, so that noise is visible next to the mean: "+2.50 … +3.00 ms". */
export const formatSpread = (figure: OverheadFigure, min: number | null | undefined, max: number | null | undefined, unit = figure.unit) =>
  min == null || max == null ? '—' : withUnit(`${deltaNumber(figure, min)} … ${deltaNumber(figure, max)}`, unit);
