import { useEffect } from 'react';
import { useLiveEvents } from '../api';
import { notify } from './notify';

/** Announces every operation that finishes while the panel is open: success, cancellation or the failure sentence. */
export function useOperationToasts(): void {
  const live = useLiveEvents();
  useEffect(
    () =>
      live.onFinish((operation, finalEvent) => {
        const title = operation.title || `${operation.kind} ${operation.target}`;
        switch (finalEvent.status) {
          case 'succeeded':
            notify('success', `${title} succeeded.`);
            break;
          case 'cancelled':
            notify('warning', `${title} was cancelled.`);
            break;
          default:
            notify('error', `${title} ${finalEvent.status}: ${finalEvent.message}`);
        }
      }),
    [live],
  );
}
