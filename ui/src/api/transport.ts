import type { v1 } from '@docker/extension-api-client-types';
import { createDockerDesktopClient } from '@docker/extension-api-client';
import { ApiError, parseProblem, problemToError } from './apiError';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A request body that is not JSON, with its media type: a file's text (an SMP YAML file) or bytes (a .wasm module). */
export interface RawBody {
  data: string | Uint8Array;
  contentType: string;
}

/** How requests reach the backend. Chosen once, in `selectTransport`; nothing else picks. */
export interface Transport {
  /** `desktop` inside Docker Desktop (requests go through ddClient to the extension's socket), `http` standalone. */
  readonly mode: 'desktop' | 'http';
  request<T>(method: HttpMethod, url: string, body?: unknown): Promise<T>;
  /** Sends a raw body; the answer is parsed as JSON like `request`. */
  upload<T>(url: string, body: RawBody): Promise<T>;
  /** A response as text, for files the user saves (JSON answers come back re-serialised, indented). */
  download(url: string): Promise<string>;
}

type HttpService = Pick<v1.HttpService, 'get' | 'post' | 'put' | 'delete' | 'request'>;

/**
 * Docker Desktop's `extension.vm.service` resolves to the parsed body and rejects with an object that carries the
 * status code and the response body (as text in `message`, or already parsed). Turn that into an ApiError.
 */
export function desktopErrorToApiError(thrown: unknown, url: string): ApiError {
  if (thrown instanceof ApiError) return thrown;
  const record = typeof thrown === 'object' && thrown !== null ? (thrown as Record<string, unknown>) : {};
  const status = typeof record.statusCode === 'number' ? record.statusCode : 0;
  for (const body of [record.data, record.body, record.message, thrown]) {
    const problem = parseProblem(body);
    if (problem) return problemToError(status, problem);
  }
  const reason = typeof record.message === 'string' && record.message !== '' ? record.message : String(thrown);
  return status === 0
    ? new ApiError(
        0,
        `The Meshdock backend did not answer ${url} (${reason}). Check that the extension's backend container is running in Docker Desktop, or reinstall the extension.`,
      )
    : new ApiError(status, `The Meshdock backend answered ${url} with HTTP ${status}: ${reason}`);
}

export function createDesktopTransport(service: HttpService): Transport {
  return {
    mode: 'desktop',
    async request<T>(method: HttpMethod, url: string, body?: unknown): Promise<T> {
      try {
        switch (method) {
          case 'GET':
            return (await service.get(url)) as T;
          case 'POST':
            return (await service.post(url, body ?? {})) as T;
          case 'PUT':
            return (await service.put(url, body ?? {})) as T;
          case 'DELETE':
            return (await service.delete(url)) as T;
        }
      } catch (thrown) {
        throw desktopErrorToApiError(thrown, url);
      }
    },
    async upload<T>(url: string, body: RawBody): Promise<T> {
      try {
        return (await service.request({ url, method: 'POST', headers: { 'Content-Type': body.contentType }, data: body.data })) as T;
      } catch (thrown) {
        throw desktopErrorToApiError(thrown, url);
      }
    },
    async download(url: string): Promise<string> {
      try {
        // Docker Desktop hands back JSON already parsed and anything else as a string.
        const body = await service.get(url);
        return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
      } catch (thrown) {
        throw desktopErrorToApiError(thrown, url);
      }
    },
  };
}

export function createHttpTransport(fetchImpl: typeof fetch = (...args) => fetch(...args), baseUrl = ''): Transport {
  /** The response's text, or an ApiError with a sentence when nothing answered or the answer is an error. */
  async function send(method: HttpMethod, url: string, contentType: string | null, body: BodyInit | undefined): Promise<string> {
    let response: Response;
    try {
      response = await fetchImpl(baseUrl + url, {
        method,
        headers: contentType === null ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': contentType },
        body,
      });
    } catch (thrown) {
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      throw new ApiError(
        0,
        `Could not reach the Meshdock backend for ${url} (${reason}). Check that the backend is still running (\`make run\`) and reload the page.`,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      const problem = parseProblem(text);
      if (problem) throw problemToError(response.status, problem);
      throw new ApiError(
        response.status,
        `The Meshdock backend answered ${url} with HTTP ${response.status} ${response.statusText}`.trim() + '. Check the backend log.',
      );
    }
    return text;
  }

  function parse<T>(url: string, text: string): T {
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(200, `The Meshdock backend answered ${url} with something that is not JSON. Check that nothing else serves this address.`);
    }
  }

  return {
    mode: 'http',
    async request<T>(method: HttpMethod, url: string, body?: unknown): Promise<T> {
      // Standalone, the backend takes a state-changing request only with a JSON (or other non-form) body, so that no
      // other web page can send one without the browser asking first: an action without parameters sends {}.
      const payload = method === 'GET' ? undefined : (body ?? {});
      const text = await send(method, url, payload === undefined ? null : 'application/json', payload === undefined ? undefined : JSON.stringify(payload));
      return parse<T>(url, text);
    },
    async upload<T>(url: string, body: RawBody): Promise<T> {
      return parse<T>(url, await send('POST', url, body.contentType, body.data as BodyInit));
    },
    download: (url: string) => send('GET', url, null, undefined),
  };
}

interface DesktopWindow {
  ddClient?: unknown;
}

/** Docker Desktop injects `window.ddClient` into an extension's page; its presence is the one rule. */
export function isInsideDockerDesktop(win: DesktopWindow = window as DesktopWindow): boolean {
  return win.ddClient !== undefined && win.ddClient !== null;
}

export function selectTransport(): Transport {
  if (!isInsideDockerDesktop()) return createHttpTransport();
  const service = desktopClient().extension.vm?.service;
  if (!service) throw new Error('Docker Desktop gave this extension no backend service: check metadata.json `vm`.');
  return createDesktopTransport(service);
}

/** The Docker Desktop client; only call it when `isInsideDockerDesktop()`. */
export function desktopClient(): v1.DockerDesktopClient {
  return createDockerDesktopClient();
}

let current: Transport | undefined;

export function getTransport(): Transport {
  current ??= selectTransport();
  return current;
}

/** Tests install their own transport (a fake, or a ddClient over a real socket). */
export function setTransport(transport: Transport | undefined): void {
  current = transport;
}
