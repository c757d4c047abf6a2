import type { ThemeOptions } from '@mui/material/styles';

// Docker Desktop injects its MUI theme options into an extension's page as `window.__ddMuiV6Themes`, which the
// Docker theme provider reads. A plain browser (standalone mode) has none, so we install options close to Docker
// Desktop's look. This is the one place custom colours live.

const shared: ThemeOptions = {
  shape: { borderRadius: 4 },
  typography: {
    fontFamily: '"Roboto", "Helvetica Neue", system-ui, -apple-system, "Segoe UI", Arial, sans-serif',
    h2: { fontSize: '1.5rem', fontWeight: 500 },
    h3: { fontSize: '1.25rem', fontWeight: 500 },
    h4: { fontSize: '1.1rem', fontWeight: 500 },
    button: { textTransform: 'none', fontWeight: 500 },
  },
  components: {
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiTab: { styleOverrides: { root: { textTransform: 'none', minHeight: 44 } } },
  },
};

const light: ThemeOptions = {
  ...shared,
  palette: {
    mode: 'light',
    primary: { main: '#1d63ed' },
    secondary: { main: '#7d2eff' },
    success: { main: '#2e7f74' },
    warning: { main: '#b35b00' },
    error: { main: '#c62b44' },
    info: { main: '#1d63ed' },
    background: { default: '#f4f4f6', paper: '#ffffff' },
    divider: '#e1e2e6',
  },
};

const dark: ThemeOptions = {
  ...shared,
  palette: {
    mode: 'dark',
    primary: { main: '#5c8efa' },
    secondary: { main: '#a67cff' },
    success: { main: '#4cb5a5' },
    warning: { main: '#f0a33b' },
    error: { main: '#f0677c' },
    info: { main: '#5c8efa' },
    background: { default: '#17191e', paper: '#202329' },
    divider: '#33363d',
  },
};

export function installFallbackThemes(target: { __ddMuiV6Themes?: unknown } = globalThis): void {
  target.__ddMuiV6Themes ??= { light, dark };
}
