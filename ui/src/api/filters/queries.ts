import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../queryKeys';
import { useStartOperation } from '../operations/queries';
import {
  attachFilter,
  attachImageHubDemo,
  deleteFilter,
  detachAttachment,
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

export function useFilters() {
  return useQuery({ queryKey: queryKeys.filters, queryFn: listFilters });
}

/** Whether the shipped rate-limit filter was built; it changes only with a restart of the backend. */
export function useBuiltInFilterState() {
  return useQuery({ queryKey: queryKeys.builtInFilter, queryFn: getBuiltInFilterState, staleTime: Infinity });
}

export function useUploadFilter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, bytes }: { name: string; bytes: Uint8Array }) => uploadFilter(name, bytes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.filters }),
  });
}

export function useDeleteFilter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteFilter,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.filters }),
  });
}

/** Polled: a sandbox's counters change with every request sent through it, which no operation event announces. */
export function useSandboxes() {
  return useQuery({ queryKey: queryKeys.sandboxes, queryFn: listSandboxes, refetchInterval: 5_000 });
}

export function useStartSandbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startSandbox,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.sandboxes }),
  });
}

export function useStopSandbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: stopSandbox,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.sandboxes }),
  });
}

export function useFilterMeshes() {
  return useQuery({ queryKey: queryKeys.filterMeshes, queryFn: listFilterMeshes, staleTime: Infinity });
}

export function useAttachments() {
  return useQuery({ queryKey: queryKeys.attachments, queryFn: listAttachments, refetchInterval: 5_000 });
}

// Attach, detach and the Image Hub demo are operations: started like every other one, and the attachment list is
// fetched at once because the start already wrote the attachment's new status.
export const useAttachFilter = () =>
  useStartOperation(({ id, request }: { id: string; request: AttachRequest }) => attachFilter(id, request), [queryKeys.attachments]);
export const useDetachAttachment = () => useStartOperation(detachAttachment, [queryKeys.attachments]);
export const useAttachImageHubDemo = () => useStartOperation(attachImageHubDemo, [queryKeys.attachments]);
