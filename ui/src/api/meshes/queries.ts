import { useQuery } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { getPreflight, listMeshes } from './calls';

// This feature's query keys: all start with its own segment, so invalidating the prefix refreshes every one of them.
export const meshKeys = {
  all: ['meshes'] as const,
  preflight: (id: string) => ['meshes', 'preflight', id] as const,
};

/**
 * Refreshed when a mesh operation starts (the card turns "installing") and when it finishes (api/live/invalidations);
 * the slow interval picks up what changed on the cluster outside this app.
 */
export function useMeshes() {
  return useQuery({ queryKey: meshKeys.all, queryFn: listMeshes, refetchInterval: 15_000 });
}

export function usePreflight(id: string, enabled: boolean) {
  return useQuery({ queryKey: meshKeys.preflight(id), queryFn: () => getPreflight(id), enabled, staleTime: 0, retry: false });
}

export const useInstallMesh = () =>
  useStartOperation(
    ({ id, version }: { id: string; version: string | null }) => ({
      method: 'POST',
      url: `/api/meshes/${encodeURIComponent(id)}/install`,
      body: version ? { version } : {},
    }),
    [meshKeys.all],
  );
export const useUpgradeMesh = () =>
  useStartOperation(
    ({ id, version }: { id: string; version: string }) => ({ method: 'POST', url: `/api/meshes/${encodeURIComponent(id)}/upgrade`, body: { version } }),
    [meshKeys.all],
  );
export const useUninstallMesh = () =>
  useStartOperation(
    ({ id, removeCrds }: { id: string; removeCrds: boolean }) => ({
      method: 'POST',
      url: `/api/meshes/${encodeURIComponent(id)}/uninstall`,
      body: { removeCrds },
    }),
    [meshKeys.all],
  );
