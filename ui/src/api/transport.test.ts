import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './apiError';
import { selftestStart, startOperation } from './operations/queries';
import { getHealth } from './platform/calls';
import { createDesktopTransport, createHttpTransport, getTransport, setTransport } from './transport';

type TestWindow = { ddClient?: unknown };

afterEach(() => {
  delete (window as TestWindow).ddClient;
  setTransport(undefined);
  vi.unstubAllGlobals();
});

function jsonResponse(status: number, body: unknown, contentType = 'application/json') {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

describe('transport selection', () => {
  it('goes through ddClient.extension.vm.service when Docker Desktop injected window.ddClient', async () => {
    const get = vi.fn().mockResolvedValue({ status: 'ok', version: '9.9.9', uptimeSeconds: 1 });
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    (window as TestWindow).ddClient = { extension: { vm: { service: { get, post: vi.fn() } } } };

    const health = await getHealth();

    expect(getTransport().mode).toBe('desktop');
    expect(get).toHaveBeenCalledWith('/api/health');
    expect(health.version).toBe('9.9.9');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('uses same-origin fetch in a plain browser', async () => {
    const fetchSpy = vi.fn().mockResolvedValue(jsonResponse(202, { id: 'abc' }));
    vi.stubGlobal('fetch', fetchSpy);

    const started = await startOperation(selftestStart({ steps: 3, stepMillis: 0 }));

    expect(getTransport().mode).toBe('http');
    expect(started).toEqual({ id: 'abc' });
    const [url, init] = fetchSpy.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/operations/selftest');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ steps: 3, stepMillis: 0 });
  });

  it('sends {} as JSON with every action that has no parameters, and no body with a GET', async () => {
    const fetchSpy = vi.fn().mockImplementation(async () => jsonResponse(202, { id: 'abc' }));
    const transport = createHttpTransport(fetchSpy);

    for (const method of ['POST', 'PUT', 'DELETE'] as const) await transport.request(method, '/api/cleanup');
    await transport.request('GET', '/api/health');

    const inits = fetchSpy.mock.calls.map(([, init]) => init as RequestInit);
    for (const init of inits.slice(0, 3)) {
      expect(init.body).toBe('{}');
      expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    }
    expect(inits[3]?.body).toBeUndefined();
    expect((inits[3]?.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });
});

describe('problem+json to ApiError over fetch', () => {
  it('carries the detail sentence, the status and the field errors', async () => {
    const problem = {
      title: 'One or more validation errors occurred.',
      status: 400,
      detail: 'steps must be from 1 to 10000; 0 is out of range.',
      errors: { steps: ['steps must be from 1 to 10000; 0 is out of range.'] },
    };
    const transport = createHttpTransport(async () => jsonResponse(400, problem, 'application/problem+json'));

    const error = await transport.request('POST', '/api/operations/selftest', { steps: 0 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe(problem.detail);
    expect((error as ApiError).fieldErrors.steps).toEqual(problem.errors.steps);
  });

  it('keeps extensions such as the operationId of a 409', async () => {
    const transport = createHttpTransport(async () =>
      jsonResponse(409, { status: 409, title: 'Busy', detail: 'selftest:x is busy with operation 42.', operationId: '42' }),
    );
    const error = (await transport.request('POST', '/api/operations/selftest', {}).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(409);
    expect(error.extension('operationId')).toBe('42');
  });

  it('writes its own sentence when the answer is not a problem', async () => {
    const transport = createHttpTransport(async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = (await transport.request('GET', '/api/health').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/HTTP 502 Bad Gateway.*backend log/);
  });

  it('says how to recover when nothing answers', async () => {
    const transport = createHttpTransport(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = (await transport.request('GET', '/api/health').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/Could not reach the Meshdock backend.*Failed to fetch.*make run/);
  });
});

describe('problem+json to ApiError through ddClient', () => {
  const problem = { status: 404, title: 'Not Found', detail: 'No operation has the id nope; pick one from the list.' };

  it('parses the body Docker Desktop puts as text in the thrown object', async () => {
    const service = { get: vi.fn().mockRejectedValue({ statusCode: 404, name: 'Error', message: JSON.stringify(problem) }), post: vi.fn(), put: vi.fn(), delete: vi.fn(), request: vi.fn() };
    const error = (await createDesktopTransport(service).request('GET', '/api/operations/nope').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(404);
    expect(error.message).toBe(problem.detail);
  });

  it('accepts a body that is already parsed', async () => {
    const service = { get: vi.fn(), post: vi.fn().mockRejectedValue({ statusCode: 404, data: problem }), put: vi.fn(), delete: vi.fn(), request: vi.fn() };
    const error = (await createDesktopTransport(service).request('POST', '/api/operations/nope/cancel').catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe(problem.detail);
  });

  it('names the unreachable backend container when there is no problem body', async () => {
    const service = { get: vi.fn().mockRejectedValue(new Error('connect ENOENT /run/guest-services/meshdock.sock')), post: vi.fn(), put: vi.fn(), delete: vi.fn(), request: vi.fn() };
    const error = (await createDesktopTransport(service).request('GET', '/api/health').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/did not answer \/api\/health \(connect ENOENT.*backend container is running/);
  });

  it('uploads raw bytes with their content type and turns a refusal into the problem\'s sentence', async () => {
    const refusal = { status: 400, title: 'The request is not valid.', detail: 'The file is empty: upload a compiled WebAssembly module (.wasm).' };
    const request = vi.fn().mockRejectedValue({ statusCode: 400, data: refusal });
    const service = { get: vi.fn(), post: vi.fn(), put: vi.fn(), delete: vi.fn(), request };
    const bytes = new Uint8Array([0, 97, 115, 109]);
    const error = (await createDesktopTransport(service).upload('/api/filters?name=x', { data: bytes, contentType: 'application/wasm' }).catch((e: unknown) => e)) as ApiError;
    expect(request).toHaveBeenCalledWith({ url: '/api/filters?name=x', method: 'POST', headers: { 'Content-Type': 'application/wasm' }, data: bytes });
    expect(error.message).toBe(refusal.detail);
  });
});
