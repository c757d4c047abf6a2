import type { PerfRunFilters } from './performance/types';

// Structured query keys: every feature's keys start with its own segment, so a prefix invalidates all of them.
export const queryKeys = {
  health: ['health'] as const,
  session: ['session'] as const,
  operations: ['operations'] as const,
  operationList: ['operations', 'list'] as const,
  operation: (id: string) => ['operations', 'detail', id] as const,
  meshes: ['meshes'] as const,
  meshPreflight: (id: string) => ['meshes', 'preflight', id] as const,
  apps: ['apps'] as const,
  filters: ['filters'] as const,
  filterMeshes: ['filters', 'meshes'] as const,
  builtInFilter: ['filters', 'built-in'] as const,
  attachments: ['filters', 'attachments'] as const,
  sandboxes: ['sandbox'] as const,
  cluster: ['cluster'] as const,
  clusterContexts: ['cluster', 'contexts'] as const,
  docker: ['docker'] as const,
  namespaces: ['namespaces'] as const,
  perf: ['perf'] as const,
  perfProfiles: ['perf', 'profiles'] as const,
  perfTargets: ['perf', 'targets'] as const,
  perfRunLists: ['perf', 'runs'] as const,
  perfRuns: (filters: PerfRunFilters) => ['perf', 'runs', filters] as const,
  perfRun: (id: string) => ['perf', 'run', id] as const,
  perfCompare: (ids: readonly string[]) => ['perf', 'compare', ids] as const,
};
