import { DockerMuiV6ThemeProvider } from '@docker/docker-mui-theme';
import CssBaseline from '@mui/material/CssBaseline';
import type { ReactNode } from 'react';
import { installFallbackThemes } from './fallbackThemes';

installFallbackThemes();

/** Docker's theme, light or dark as the system (or Docker Desktop) says, with MUI's baseline styles. */
export function AppThemeProvider({ children }: { children: ReactNode }) {
  return (
    <DockerMuiV6ThemeProvider>
      <CssBaseline />
      {children}
    </DockerMuiV6ThemeProvider>
  );
}
