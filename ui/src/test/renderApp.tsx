import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { LiveEventsProvider } from '../api';
import type { ConnectHub } from '../api/live/hubClient';
import { LiveEvents } from '../api/live/liveEvents';
import type { EventsPage } from '../api/operations/types';
import { OperationsDrawerProvider } from '../features/operations/OperationsDrawerContext';
import { AppThemeProvider } from '../theme/AppThemeProvider';

interface Options {
  connectHub?: ConnectHub;
  fetchPage?: (operationId: string, after: number) => Promise<EventsPage>;
  /** The router's location, e.g. `/performance?compare=a,b`. */
  path?: string;
}

/** Renders inside the app's providers with a LiveEvents the test controls; starts it like the app does. */
export function renderApp(ui: ReactNode, options: Options = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const live = new LiveEvents({
    queryClient,
    resolveHubTarget: async () => ({ url: 'http://127.0.0.1:1/hubs/progress' }),
    connectHub:
      options.connectHub ??
      (async () => {
        throw new Error('no hub in this test');
      }),
    fetchPage: options.fetchPage ?? (async (operationId) => ({ operationId, status: 'running', events: [] })),
    pollIntervalMs: 5,
    batchMs: 0,
  });
  void live.start();
  const result = render(
    <AppThemeProvider>
      <QueryClientProvider client={queryClient}>
        <LiveEventsProvider live={live}>
          <OperationsDrawerProvider>
            <MemoryRouter initialEntries={[options.path ?? '/']}>{ui}</MemoryRouter>
          </OperationsDrawerProvider>
        </LiveEventsProvider>
      </QueryClientProvider>
    </AppThemeProvider>,
  );
  return { ...result, queryClient, live };
}
