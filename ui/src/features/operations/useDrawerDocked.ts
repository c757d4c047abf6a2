import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';

/**
 * On a wide window the drawer sits beside the page, so a user can start things and watch them; on a narrower one
 * (Docker Desktop's default window) it overlays the page, which would otherwise be squeezed unreadable.
 */
export function useDrawerDocked(): boolean {
  return useMediaQuery((theme: Theme) => theme.breakpoints.up('lg'), { noSsr: true });
}
