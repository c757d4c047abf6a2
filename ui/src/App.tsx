import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { HashRouter } from 'react-router';
import { LiveEventsProvider, shouldRetryQuery } from './api';
import { OperationsDrawerProvider } from './features/operations/OperationsDrawerContext';
import { AppShell } from './shell/AppShell';
import { AppThemeProvider } from './theme/AppThemeProvider';

export function App() {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: shouldRetryQuery } } }));
  return (
    <AppThemeProvider>
      <QueryClientProvider client={queryClient}>
        <LiveEventsProvider>
          <OperationsDrawerProvider>
            {/* Docker Desktop loads the UI from a file: only the hash can carry the route. */}
            <HashRouter>
              <AppShell />
            </HashRouter>
          </OperationsDrawerProvider>
        </LiveEventsProvider>
      </QueryClientProvider>
    </AppThemeProvider>
  );
}
