import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createHubConnector } from './hubClient';
import { fetchEventsPage, resolveHubTarget } from './hubTarget';
import { LiveEvents } from './liveEvents';

const LiveEventsContext = createContext<LiveEvents | null>(null);

interface Props {
  children: ReactNode;
  /** Tests pass their own instance; the app lets the provider make the real one. */
  live?: LiveEvents;
}

export function LiveEventsProvider({ children, live }: Props) {
  const queryClient = useQueryClient();
  const [instance] = useState(
    () =>
      live ??
      new LiveEvents({ queryClient, resolveHubTarget, connectHub: createHubConnector(), fetchPage: fetchEventsPage }),
  );
  useEffect(() => {
    if (live) return;
    void instance.start();
    return () => instance.stop();
  }, [instance, live]);
  return <LiveEventsContext.Provider value={instance}>{children}</LiveEventsContext.Provider>;
}

export function useLiveEvents(): LiveEvents {
  const live = useContext(LiveEventsContext);
  if (!live) throw new Error('useLiveEvents needs a <LiveEventsProvider> above it.');
  return live;
}
