import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLiveStatus } from '../live/useOperationEvents';
import { getTransport } from '../transport';
import { cancelOperation, getOperation, listOperations } from './calls';
import type { Operation, SelftestRequest, Started } from './types';

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

/** The request that starts an operation: each feature's start hook names its endpoint and body. */
export interface StartRequest {
  method: 'POST' | 'DELETE';
  url: string;
  body?: unknown;
}

/** The one way an operation is started: the answer (202) is its id; a refusal is a problem (400, 404, 409 busy). */
export const startOperation = ({ method, url, body }: StartRequest) => getTransport().request<Started>(method, url, body);

/**
 * The mutation of any endpoint that starts an operation, given the request it sends: once started, the operations
 * list is fetched again so the drawer shows it (and the live table learns its kind); `alsoRefresh` lists what the
 * start itself changes at once. What the operation changes when it finishes is refreshed by `api/live/invalidations`.
 */
export function useStartOperation<TArgs = void>(request: (args: TArgs) => StartRequest, alsoRefresh: readonly (readonly unknown[])[] = []) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: TArgs) => startOperation(request(args)),
    onSettled: () =>
      Promise.all([operationKeys.list, ...alsoRefresh].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

export const selftestStart = (body: SelftestRequest): StartRequest => ({ method: 'POST', url: '/api/operations/selftest', body });

export const useStartSelftest = () => useStartOperation(selftestStart);

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
