import { getSession } from '../platform/calls';
import { getTransport } from '../transport';
import type { HubTarget } from './hubClient';

/**
 * Standalone, the hub shares the page's origin. Inside Docker Desktop the page cannot open a WebSocket through
 * ddClient, so it connects to the hub's published loopback port. Both need the session token, which only the
 * panel itself can read from the API.
 */
export async function resolveHubTarget(): Promise<HubTarget> {
  const session = await getSession();
  if (getTransport().mode === 'http') {
    return { url: new URL('/hubs/progress', window.location.href).toString(), accessToken: session.token };
  }
  if (session.hubPort === null) throw new Error('the backend does not know the host port its hub is published on');
  // SignalR turns http: into ws: for the WebSockets transport.
  return { url: `http://127.0.0.1:${session.hubPort}/hubs/progress`, accessToken: session.token };
}
