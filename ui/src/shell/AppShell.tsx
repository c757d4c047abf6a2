import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { drawerWidth, OperationsDrawer } from '../features/operations/OperationsDrawer';
import { useOperationsDrawer } from '../features/operations/OperationsDrawerContext';
import { useDrawerDocked } from '../features/operations/useDrawerDocked';
import { NotificationHost } from '../notifications/NotificationHost';
import { useOperationToasts } from '../notifications/useOperationToasts';
import { BackendBanner } from './BackendBanner';
import { Header } from './Header';
import { NavTabs } from './NavTabs';
import { routes } from './routes';

export function AppShell() {
  useOperationToasts();
  const { open } = useOperationsDrawer();
  const docked = useDrawerDocked();
  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'background.default', mr: open && docked ? `${drawerWidth}px` : 0 }}>
      <Box component="header">
        <Header />
        <NavTabs />
      </Box>
      <BackendBanner />
      <Box component="main" sx={{ px: 3, py: 2, maxWidth: 1100 }}>
        <Suspense fallback={<LinearProgress />}>
          <Routes>
            {routes.map(({ path, Page }) => (
              <Route key={path} path={path} element={<Page />} />
            ))}
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </Box>
      <OperationsDrawer />
      <NotificationHost />
    </Box>
  );
}
