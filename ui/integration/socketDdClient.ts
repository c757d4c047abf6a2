import { request } from 'node:http';
import { createDesktopTransport, setTransport } from '../src/api/transport';
import { startBackend, type RunningBackend } from './backendProcess';

/**
 * A stand-in for Docker Desktop's `ddClient.extension.vm.service` that makes real HTTP requests on the backend's
 * Unix socket, as Docker Desktop does. Like the real one it resolves with the parsed body and rejects with an
 * object carrying `statusCode` and the response body as text in `message`.
 */
export function socketService(socketPath: string) {
  const send = (method: string, url: string, data?: unknown, contentType = 'application/json') =>
    new Promise<unknown>((resolve, reject) => {
      // Like Docker Desktop: raw bytes (a module upload) and strings with their own content type go as they are;
      // anything else as JSON.
      const body =
        data === undefined ? undefined
        : data instanceof Uint8Array ? Buffer.from(data)
        : contentType === 'application/json' ? JSON.stringify(data) : String(data);
      const req = request(
        {
          socketPath,
          path: url,
          method,
          headers: body === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) {
              reject({ name: 'Error', statusCode: status, message: text });
              return;
            }
            const json = (res.headers['content-type'] ?? '').includes('json');
            resolve(json && text !== '' ? JSON.parse(text) : text);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  return {
    get: (url: string) => send('GET', url),
    post: (url: string, data: unknown) => send('POST', url, data),
    put: (url: string, data: unknown) => send('PUT', url, data),
    patch: (url: string, data: unknown) => send('PATCH', url, data),
    delete: (url: string) => send('DELETE', url),
    head: (url: string) => send('HEAD', url),
    request: (config: { url: string; method: string; headers: Record<string, string>; data: unknown }) =>
      send(config.method, config.url, config.data, config.headers['Content-Type']),
  };
}

/**
 * Starts the real backend in container mode (API on its Unix socket; `extraArgs` may add the hub's TCP port) and
 * points the panel's API module at it through a ddClient stand-in, as inside Docker Desktop.
 */
export async function startPanelBackend(extraArgs: string[] = []): Promise<RunningBackend> {
  const backend = await startBackend({ socket: true, extraArgs }, async (started) => {
    await socketService(started.socketPath!).get('/api/health');
    return true;
  });
  setTransport(createDesktopTransport(socketService(backend.socketPath!)));
  return backend;
}
