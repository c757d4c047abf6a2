import { lazy } from 'react';

// The shell's pages, in navigation order. Each loads on first visit so the first paint stays small.
export const routes = [
  { path: '/', label: 'Overview', Page: lazy(() => import('../features/overview/OverviewPage')) },
  { path: '/meshes', label: 'Meshes', Page: lazy(() => import('../features/meshes/MeshesPage')) },
  { path: '/apps', label: 'Sample apps', Page: lazy(() => import('../features/apps/AppsPage')) },
  { path: '/namespaces', label: 'Namespaces', Page: lazy(() => import('../features/namespaces/NamespacesPage')) },
  { path: '/filters', label: 'Filters', Page: lazy(() => import('../features/filters/FiltersPage')) },
  { path: '/performance', label: 'Performance', Page: lazy(() => import('../features/performance/PerformancePage')) },
] as const;
