import type { HttpMethod, Transport } from '../api/transport';

type Handler = (body: unknown) => unknown;

/** A transport answering from a route table (`'GET /api/health'` → handler); records every call. */
export function fakeTransport(routes: Record<string, Handler>) {
  const calls: { method: HttpMethod; url: string; body: unknown }[] = [];
  const transport: Transport = {
    mode: 'http',
    async request<T>(method: HttpMethod, url: string, body?: unknown): Promise<T> {
      calls.push({ method, url, body });
      const handler = routes[`${method} ${url}`];
      if (!handler) throw new Error(`no fake route for ${method} ${url}`);
      return handler(body) as T;
    },
    async upload<T>(url: string, bytes: Uint8Array, contentType: string): Promise<T> {
      return this.request<T>('POST', url, { bytes, contentType });
    },
  };
  return { transport, calls };
}
