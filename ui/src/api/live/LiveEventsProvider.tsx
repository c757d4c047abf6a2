import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { getOperationEvents } from '../operations/calls';
import { createHubConnector } from './hubClient';
import { resolveHubTarget } from './hubTarget';
import { LiveEvents } from './liveEvents';

const LiveEventsContext = createContext<LiveEvents | null>(null);

interface Props {
  children: ReactNode;
  /** Tests pass their own instance (and start it); the app lets the provider make the real one. */
  live?: LiveEvents;
}

export function LiveEventsProvider({ children, live }: Props) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<LiveEvents | null>(null);
  useEffect(() => {
    if (live) return;
    // Made inside the effect so that StrictMode's mount–unmount–mount gets a fresh instance, not a stopped one.
    const instance = new LiveEvents({
      queryClient,
      resolveHubTarget,
      connectHub: createHubConnector(),
      fetchPage: getOperationEvents,
    });
    setCreated(instance);
    void instance.start();
    return () => instance.stop();
  }, [live, queryClient]);
  const value = live ?? created;
  return value ? <LiveEventsContext.Provider value={value}>{children}</LiveEventsContext.Provider> : null;
}

export function useLiveEvents(): LiveEvents {
  const live = useContext(LiveEventsContext);
  if (!live) throw new Error('useLiveEvents needs a <LiveEventsProvider> above it.');
  return live;
}
