import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { isFinal, queryKeys, useOperationEvents } from '../../api';

/** Refreshes the namespace list once the given operation has finished (its last event has a final status). */
export function OperationRefresh({ operationId, onDone }: { operationId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const { events } = useOperationEvents(operationId);
  const last = events.at(-1);
  const finished = last !== undefined && isFinal(last.status);
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: queryKeys.namespaces });
    onDone();
  }, [finished, queryClient, onDone]);
  return null;
}
