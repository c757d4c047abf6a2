import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLiveStatus } from '../live/useOperationEvents';
import { cancelOperation, getOperation, listOperations, startSelftest } from './calls';
import type { Operation, Started } from './types';

// This feature's query keys: all start with its own segment, so invalidating the prefix refreshes every one of them.
export const operationKeys = {
  all: ['operations'] as const,
  list: ['operations', 'list'] as const,
  detail: (id: string) => ['operations', 'detail', id] as const,
};

export function useOperations() {
  // Pushed events keep the list current; only while polling do operations started elsewhere need a slow refresh.
  const { mode } = useLiveStatus();
  return useQuery({
    queryKey: operationKeys.list,
    queryFn: listOperations,
    refetchInterval: mode === 'polling' ? 5_000 : false,
  });
}

export function useOperation(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: operationKeys.detail(id),
    queryFn: () => getOperation(id),
    // The list already holds it: show that at once while the detail loads.
    placeholderData: () => queryClient.getQueryData<Operation[]>(operationKeys.list)?.find((item) => item.id === id),
  });
}

/**
 * The mutation of any endpoint that starts an operation: once started, the operations list is fetched again so the
 * drawer shows it (and the live table learns its kind); `alsoRefresh` lists what the start itself changes at once.
 * What the operation changes when it finishes is refreshed by `api/live/invalidations`.
 */
export function useStartOperation<TArgs>(start: (args: TArgs) => Promise<Started>, alsoRefresh: readonly (readonly unknown[])[] = []) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: start,
    onSettled: () =>
      Promise.all([operationKeys.list, ...alsoRefresh].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

export const useStartSelftest = () => useStartOperation(startSelftest);

export function useCancelOperation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelOperation,
    onSuccess: (operation: Operation) => {
      queryClient.setQueryData(operationKeys.detail(operation.id), operation);
      queryClient.setQueryData<Operation[]>(operationKeys.list, (list) =>
        list?.map((item) => (item.id === operation.id && item.lastSeq <= operation.lastSeq ? operation : item)),
      );
    },
  });
}
