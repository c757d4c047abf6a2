import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useLiveEvents } from './LiveEventsProvider';
import type { LiveStatus, LogSnapshot } from './liveEvents';

/** The live, ordered event log of one operation (seq 1, 2, 3…), streaming while the component is mounted. */
export function useOperationEvents(operationId: string): LogSnapshot {
  const live = useLiveEvents();
  useEffect(() => live.watch(operationId), [live, operationId]);
  const subscribe = useCallback((onChange: () => void) => live.onLogChange(operationId, onChange), [live, operationId]);
  return useSyncExternalStore(subscribe, () => live.getLog(operationId));
}

/** Whether events are pushed over the hub or polled, with the sentence saying why. */
export function useLiveStatus(): LiveStatus {
  const live = useLiveEvents();
  const subscribe = useCallback((onChange: () => void) => live.onStatusChange(onChange), [live]);
  return useSyncExternalStore(subscribe, () => live.getStatus());
}
