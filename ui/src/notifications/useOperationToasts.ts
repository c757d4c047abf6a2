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
            // The cause is the operation's error (from its error event); the final event itself only says "Failed.".
            notify('error', `${title} ${finalEvent.status}: ${operation.error ?? finalEvent.message}`);
        }
      }),
    [live],
  );
}
