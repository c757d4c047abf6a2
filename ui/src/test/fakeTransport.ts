import type { HttpMethod, RawBody, Transport } from '../api/transport';

type Handler = (body: unknown) => unknown;

/**
 * A transport answering from a route table (`'GET /api/health'` → handler); records every call. Uploads are
 * routed like POSTs and get the RawBody; downloads like GETs and answer the handler's string.
 */
export function fakeTransport(routes: Record<string, Handler>) {
  const calls: { method: HttpMethod; url: string; body: unknown }[] = [];
  const answer = (method: HttpMethod, url: string, body: unknown): unknown => {
    calls.push({ method, url, body });
    const handler = routes[`${method} ${url}`];
    if (!handler) throw new Error(`no fake route for ${method} ${url}`);
    return handler(body);
  };
  const transport: Transport = {
    mode: 'http',
    request: async <T,>(method: HttpMethod, url: string, body?: unknown) => answer(method, url, body) as T,
    upload: async <T,>(url: string, body: RawBody) => answer('POST', url, body) as T,
    download: async (url: string) => answer('GET', url, undefined) as string,
  };
  return { transport, calls };
}
