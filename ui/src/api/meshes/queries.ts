import { useQuery } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { getPreflight, installMesh, listMeshes, uninstallMesh, upgradeMesh } from './calls';

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
  useStartOperation((a: { id: string; version: string | null }) => installMesh(a.id, a.version), [meshKeys.all]);
export const useUpgradeMesh = () =>
  useStartOperation((a: { id: string; version: string }) => upgradeMesh(a.id, a.version), [meshKeys.all]);
export const useUninstallMesh = () =>
  useStartOperation((a: { id: string; removeCrds: boolean }) => uninstallMesh(a.id, a.removeCrds), [meshKeys.all]);
