// Structured query keys (CONTRACTS.md, UI): every feature's keys start with its own segment.
export const queryKeys = {
  health: ['health'] as const,
  session: ['session'] as const,
  operations: ['operations'] as const,
  operationList: ['operations', 'list'] as const,
  operation: (id: string) => ['operations', 'detail', id] as const,
  meshes: ['meshes'] as const,
  meshPreflight: (id: string) => ['meshes', 'preflight', id] as const,
  apps: ['apps'] as const,
  cluster: ['cluster'] as const,
  clusterContexts: ['cluster', 'contexts'] as const,
  docker: ['docker'] as const,
  namespaces: ['namespaces'] as const,
};
