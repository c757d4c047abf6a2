import { DockerMuiV6ThemeProvider } from '@docker/docker-mui-theme';
import CssBaseline from '@mui/material/CssBaseline';
import GlobalStyles from '@mui/material/GlobalStyles';
import type { ReactNode } from 'react';
import { installFallbackThemes } from './fallbackThemes';

installFallbackThemes();

// Alerts quote paths and addresses (/var/run/docker.sock, kubeconfig locations) that must wrap, not overflow their card.
const wrapLongWords = { '.MuiAlert-message': { overflowWrap: 'anywhere' } } as const;

/** Docker's theme, light or dark as the system (or Docker Desktop) says, with MUI's baseline styles. */
export function AppThemeProvider({ children }: { children: ReactNode }) {
  return (
    <DockerMuiV6ThemeProvider>
      <CssBaseline />
      <GlobalStyles styles={wrapLongWords} />
      {children}
    </DockerMuiV6ThemeProvider>
  );
}
