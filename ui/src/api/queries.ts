import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  cancelOperation,
  deleteFilter,
  getHealth,
  getOperation,
  listAttachments,
  listFilterMeshes,
  listFilters,
  listOperations,
  listSandboxes,
  startSelftest,
  stopSandbox,
  uploadFilter,
} from './client';
import { useLiveStatus } from './live/useOperationEvents';
import { queryKeys } from './queryKeys';
import type { Operation } from './types';

/** Health doubles as the "is the backend there" signal of the header, so it keeps checking. */
export function useHealth() {
  return useQuery({ queryKey: queryKeys.health, queryFn: getHealth, refetchInterval: 10_000, retry: false });
}

export function useOperations() {
  // Pushed events keep the list current; only while polling do operations started elsewhere need a slow refresh.
  const { mode } = useLiveStatus();
  return useQuery({
    queryKey: queryKeys.operationList,
    queryFn: listOperations,
    refetchInterval: mode === 'polling' ? 5_000 : false,
  });
}

export function useOperation(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.operation(id),
    queryFn: () => getOperation(id),
    // The list already holds it: show that at once while the detail loads.
    placeholderData: () => queryClient.getQueryData<Operation[]>(queryKeys.operationList)?.find((item) => item.id === id),
  });
}

export function useStartSelftest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startSelftest,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.operationList }),
  });
}

export function useCancelOperation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelOperation,
    onSuccess: (operation: Operation) => {
      queryClient.setQueryData(queryKeys.operation(operation.id), operation);
      queryClient.setQueryData<Operation[]>(queryKeys.operationList, (list) =>
        list?.map((item) => (item.id === operation.id && item.lastSeq <= operation.lastSeq ? operation : item)),
      );
    },
  });
}

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
