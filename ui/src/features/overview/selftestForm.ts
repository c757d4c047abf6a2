import type { SelftestRequest } from '../../api';

// The self-test's limits as the backend enforces them; checked here too, so mistakes show as typed.
export const stepsRange = { min: 1, max: 10_000 } as const;
export const stepMillisRange = { min: 0, max: 60_000 } as const;
export const targetMaxLength = 100;

export interface SelftestForm {
  steps: string;
  stepMillis: string;
  target: string;
}

export type SelftestFieldErrors = Partial<Record<keyof SelftestForm, string>>;

export const defaultSelftestForm: SelftestForm = { steps: '20', stepMillis: '250', target: '' };

function wholeNumberError(text: string, label: string, range: { min: number; max: number }): string | undefined {
  if (text.trim() === '') return `Enter the ${label}, a whole number from ${range.min} to ${range.max}.`;
  if (!/^\d+$/.test(text.trim())) return `The ${label} must be a whole number from ${range.min} to ${range.max}.`;
  const value = Number(text);
  if (value < range.min || value > range.max) return `The ${label} must be from ${range.min} to ${range.max}; ${value} is out of range.`;
  return undefined;
}

export function validateSelftestForm(form: SelftestForm): SelftestFieldErrors {
  const errors: SelftestFieldErrors = {};
  const steps = wholeNumberError(form.steps, 'number of steps', stepsRange);
  if (steps) errors.steps = steps;
  const stepMillis = wholeNumberError(form.stepMillis, 'step delay in milliseconds', stepMillisRange);
  if (stepMillis) errors.stepMillis = stepMillis;
  if (form.target.trim().length > targetMaxLength) errors.target = `Keep the target under ${targetMaxLength} characters.`;
  return errors;
}

/** The request for a valid form (check `validateSelftestForm` first). */
export function toSelftestRequest(form: SelftestForm): SelftestRequest {
  const target = form.target.trim();
  return { steps: Number(form.steps), stepMillis: Number(form.stepMillis), ...(target ? { target } : {}) };
}
