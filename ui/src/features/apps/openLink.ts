import { desktopClient, isInsideDockerDesktop } from '../../api';

/**
 * Inside Docker Desktop a plain link would open in the extension's own frame; ddClient.host.openExternal opens the
 * user's browser instead. Returns true when it handled the click.
 */
export function openInBrowser(url: string): boolean {
  if (!isInsideDockerDesktop()) return false;
  desktopClient().host.openExternal(url);
  return true;
}
