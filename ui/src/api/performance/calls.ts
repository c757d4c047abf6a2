import type {
  PerfComparison,
  PerfProfile,
  PerfProfileRequest,
  PerfRun,
  PerfRunFilters,
  PerfTargetList,
  SmpFormat,
} from './types';
import { getTransport } from '../transport';

const profileUrl = (id: string) => `/api/perf/profiles/${encodeURIComponent(id)}`;
const runUrl = (id: string) => `/api/perf/runs/${encodeURIComponent(id)}`;

/** The cluster's Services and sample apps as targets (503 problem when no cluster is reachable). */
export const listPerfTargets = () => getTransport().request<PerfTargetList>('GET', '/api/perf/targets');

export const listPerfProfiles = () => getTransport().request<PerfProfile[]>('GET', '/api/perf/profiles');

export const createPerfProfile = (request: PerfProfileRequest) =>
  getTransport().request<PerfProfile>('POST', '/api/perf/profiles', request);

export const updatePerfProfile = (id: string, request: PerfProfileRequest) =>
  getTransport().request<PerfProfile>('PUT', profileUrl(id), request);

export const deletePerfProfile = (id: string) => getTransport().request<void>('DELETE', profileUrl(id));

export function perfRunsQuery(filters: PerfRunFilters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

export const listPerfRuns = (filters: PerfRunFilters = {}) =>
  getTransport().request<PerfRun[]>('GET', `/api/perf/runs${perfRunsQuery(filters)}`);

export const getPerfRun = (id: string) => getTransport().request<PerfRun>('GET', runUrl(id));

export const deletePerfRun = (id: string) => getTransport().request<void>('DELETE', runUrl(id));

export const comparePerfRuns = (ids: readonly string[]) =>
  getTransport().request<PerfComparison>('GET', `/api/perf/compare?ids=${ids.map(encodeURIComponent).join(',')}`);

/** A run as an SMP file, as text ready to save. */
export const downloadPerfRunSmp = (id: string, format: SmpFormat) => getTransport().download(`${runUrl(id)}/smp?format=${format}`);

/** A run in Fortio's JSON result shape (measured runs only), as text ready to save. */
export const downloadPerfRunFortio = (id: string) => getTransport().download(`${runUrl(id)}/fortio`);

/** What an import made: a run, or a profile for an SMP test configuration without a result. */
export type PerfImport = { kind: 'run'; run: PerfRun } | { kind: 'profile'; profile: PerfProfile };

/** Imports an SMP file (YAML or JSON) or Fortio's JSON result; an earlier import of the same file answers with that run. */
export async function importPerfRun(fileName: string, text: string): Promise<PerfImport> {
  const json = fileName.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{');
  const made = await getTransport().upload<PerfRun | PerfProfile>('/api/perf/runs/import', {
    data: text,
    contentType: json ? 'application/json' : 'application/yaml',
  });
  return 'source' in made ? { kind: 'run', run: made } : { kind: 'profile', profile: made };
}
