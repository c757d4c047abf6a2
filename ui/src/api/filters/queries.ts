import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../queryKeys';
import { deleteFilter, listAttachments, listFilterMeshes, listFilters, listSandboxes, stopSandbox, uploadFilter } from './calls';

export function useFilters() {
  return useQuery({ queryKey: queryKeys.filters, queryFn: listFilters });
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
