import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStartOperation } from '../operations/queries';
import {
  deleteFilter,
  getBuiltInFilterState,
  listAttachments,
  listFilterMeshes,
  listFilters,
  listSandboxes,
  startSandbox,
  stopSandbox,
  uploadFilter,
} from './calls';
import type { AttachRequest } from './types';

// This feature's query keys: all start with its own segment, so invalidating the prefix refreshes every one of them.
export const filterKeys = {
  all: ['filters'] as const,
  meshes: ['filters', 'meshes'] as const,
  builtIn: ['filters', 'built-in'] as const,
  attachments: ['filters', 'attachments'] as const,
  sandboxes: ['sandbox'] as const,
};

export function useFilters() {
  return useQuery({ queryKey: filterKeys.all, queryFn: listFilters });
}

/** Whether the shipped rate-limit filter was built; it changes only with a restart of the backend. */
export function useBuiltInFilterState() {
  return useQuery({ queryKey: filterKeys.builtIn, queryFn: getBuiltInFilterState, staleTime: Infinity });
}

export function useUploadFilter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, bytes }: { name: string; bytes: Uint8Array }) => uploadFilter(name, bytes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: filterKeys.all }),
  });
}

export function useDeleteFilter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteFilter,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: filterKeys.all }),
  });
}

/** Polled: a sandbox's counters change with every request sent through it, which no operation event announces. */
export function useSandboxes() {
  return useQuery({ queryKey: filterKeys.sandboxes, queryFn: listSandboxes, refetchInterval: 5_000 });
}

export function useStartSandbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startSandbox,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: filterKeys.sandboxes }),
  });
}

export function useStopSandbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: stopSandbox,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: filterKeys.sandboxes }),
  });
}

export function useFilterMeshes() {
  return useQuery({ queryKey: filterKeys.meshes, queryFn: listFilterMeshes, staleTime: Infinity });
}

export function useAttachments() {
  return useQuery({ queryKey: filterKeys.attachments, queryFn: listAttachments, refetchInterval: 5_000 });
}

// Attach, detach and the Image Hub demo are operations: started like every other one, and the attachment list is
// fetched at once because the start already wrote the attachment's new status.
export const useAttachFilter = () =>
  useStartOperation(
    ({ id, request }: { id: string; request: AttachRequest }) => ({
      method: 'POST',
      url: `/api/filters/${encodeURIComponent(id)}/attach`,
      body: request,
    }),
    [filterKeys.attachments],
  );
export const useDetachAttachment = () =>
  useStartOperation((id: string) => ({ method: 'POST', url: `/api/filters/attachments/${encodeURIComponent(id)}/detach` }), [
    filterKeys.attachments,
  ]);
/** Image Hub with filter in one click: the built-in rate-limit filter with Image Hub's rules on the api workload. */
export const useAttachImageHubDemo = () =>
  useStartOperation((mesh: string) => ({ method: 'POST', url: '/api/filters/imagehub-demo', body: { mesh } }), [filterKeys.attachments]);
