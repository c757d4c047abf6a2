// The "What does this mesh cost?" form as typed, checked with the backend's rules, and the request it sends.
import type { StartOverheadRequest } from '../../../api';
import { filterConfigRequest, validateFilterConfig, type FilterConfigForm } from '../../filters/filterConfig';

export interface OverheadForm extends FilterConfigForm {
  mesh: string;
  workload: string;
  rounds: string;
  rps: string;
  connections: string;
  durationSeconds: string;
  warmupSeconds: string;
  /** The runner pods in each namespace that share a run's load. */
  runnerPods: string;
  /** A filter's name from the registry for the third namespace; empty = no third namespace. */
  filter: string;
}

/** The default profile: open model, 1,000 rps over 16 connections, 30 s after a 5 s warm-up, two rounds. */
export const defaultOverheadForm: OverheadForm = {
  mesh: '',
  workload: 'httpbin',
  rounds: '2',
  rps: '1000',
  connections: '16',
  durationSeconds: '30',
  warmupSeconds: '5',
  runnerPods: '1',
  filter: '',
  pluginConfig: '',
  vmConfiguration: '',
  rootId: '',
};

export type OverheadFormErrors = Partial<Record<keyof OverheadForm, string>>;

const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : NaN);

function range(errors: OverheadFormErrors, field: keyof OverheadForm, text: string, min: number, max: number, sentence: string) {
  const value = whole(text);
  if (!(value >= min && value <= max)) errors[field] = sentence;
}

export function validateOverheadForm(form: OverheadForm): OverheadFormErrors {
  const errors: OverheadFormErrors = {};
  if (form.mesh === '') errors.mesh = 'Install a mesh first (Meshes page).';
  range(errors, 'rounds', form.rounds, 1, 5, 'From 1 to 5.');
  range(errors, 'rps', form.rps, 1, 1_000_000, 'A whole number of requests a second, from 1 to 1,000,000.');
  range(errors, 'connections', form.connections, 1, 10_000, 'From 1 to 10,000.');
  range(errors, 'durationSeconds', form.durationSeconds, 1, 3600, 'Seconds each run measures, from 1 to 3,600.');
  range(errors, 'warmupSeconds', form.warmupSeconds, 0, 600, 'Seconds before measuring, from 0 to 600.');
  range(errors, 'runnerPods', form.runnerPods, 1, 20, 'From 1 to 20.');
  if (form.filter !== '') Object.assign(errors, validateFilterConfig(form));
  return errors;
}

/** The request for a valid form; the filter's fields only when a filter is chosen. */
export function overheadRequest(form: OverheadForm): StartOverheadRequest {
  const { pluginConfig, ...config } = filterConfigRequest(form);
  return {
    mesh: form.mesh,
    workload: form.workload,
    rounds: whole(form.rounds),
    runnerPods: whole(form.runnerPods),
    profile: {
      urls: [],
      model: 'open',
      rps: whole(form.rps),
      connections: whole(form.connections),
      durationSeconds: whole(form.durationSeconds),
      warmupSeconds: whole(form.warmupSeconds),
      http2: false,
      insecureSkipVerify: false,
    },
    ...(form.filter === '' ? {} : { filter: { name: form.filter, configuration: pluginConfig, ...config } }),
  };
}
