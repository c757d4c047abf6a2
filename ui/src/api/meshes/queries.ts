import { useQuery } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import { queryKeys } from '../queryKeys';
import { getPreflight, installMesh, listMeshes, uninstallMesh, upgradeMesh } from './calls';

/**
 * Refreshed when a mesh operation starts (the card turns "installing") and when it finishes (api/live/invalidations);
 * the slow interval picks up what changed on the cluster outside this app.
 */
export function useMeshes() {
  return useQuery({ queryKey: queryKeys.meshes, queryFn: listMeshes, refetchInterval: 15_000 });
}

export function usePreflight(id: string, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.meshPreflight(id), queryFn: () => getPreflight(id), enabled, staleTime: 0, retry: false });
}

export const useInstallMesh = () =>
  useStartOperation((a: { id: string; version: string | null }) => installMesh(a.id, a.version), [queryKeys.meshes]);
export const useUpgradeMesh = () =>
  useStartOperation((a: { id: string; version: string }) => upgradeMesh(a.id, a.version), [queryKeys.meshes]);
export const useUninstallMesh = () =>
  useStartOperation((a: { id: string; removeCrds: boolean }) => uninstallMesh(a.id, a.removeCrds), [queryKeys.meshes]);
