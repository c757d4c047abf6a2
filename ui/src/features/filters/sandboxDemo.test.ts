import { afterEach, describe, expect, it } from 'vitest';
import type { PerfRun } from '../../api';
import { ApiError } from '../../api/apiError';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { compareLink, demoSteps, judgeRun, type DemoState } from './sandboxDemo';

afterEach(() => setTransport(undefined));

const run = (statusCodes: Record<string, number>, status: PerfRun['status'] = 'succeeded'): PerfRun => ({
  id: 'r',
  name: 'pulls',
  source: 'measured',
  status,
  profileId: null,
  targetHost: '127.0.0.1:41234',
  spec: { urls: ['http://127.0.0.1:41234/pull'], model: 'open', rps: 100, durationSeconds: 5, http2: false, insecureSkipVerify: false },
  createdAt: '2026-11-25T20:00:00Z',
  summary: {
    startTime: '2026-11-25T20:00:00Z',
    endTime: '2026-11-25T20:00:05Z',
    durationSeconds: 5,
    requests: Object.values(statusCodes).reduce((a, b) => a + b, 0),
    actualRps: 100,
    errors: 0,
    cancelled: false,
    latency: null,
    statusCodes,
  },
});

describe('judgeRun', () => {
  it('expects every pull to pass without the filter', () => {
    expect(judgeRun(run({ 200: 500 }), false)).toEqual({ ok: true, sentence: 'All 500 pulls answered 200: without a filter nothing stops Bob.' });
    expect(judgeRun(run({ 200: 490, 503: 10 }), false).ok).toBe(false);
  });

  it('expects exactly ten 200s and the rest 429 with the filter, and explains a minute rollover', () => {
    expect(judgeRun(run({ 200: 10, 429: 490 }), true)).toEqual({
      ok: true,
      sentence: "10 × 200 and 490 × 429: the filter held Bob to his plan's 10 pulls a minute.",
    });
    expect(judgeRun(run({ 200: 20, 429: 480 }), true).sentence).toMatch(/crossed into a new minute/);
    expect(judgeRun(run({ 200: 500 }), true).ok).toBe(false);
  });

  it('reports a run that did not succeed', () => {
    expect(judgeRun(run({ 200: 3 }, 'cancelled'), false)).toEqual({ ok: false, sentence: 'The run cancelled (3 × 200); see it on the Performance page.' });
  });
});

describe('demo steps', () => {
  it('walks the whole demo through the API: sandbox, sign-up, token, two runs, comparison', async () => {
    // As Image Hub makes it: unpadded base64 of the JSON with sorted keys.
    const token = btoa('{"plan":"Personal","username":"bob"}').replace(/=+$/, '');
    let polls = 0;
    const { transport, calls } = fakeTransport({
      'POST /api/sandbox': (body) => ({
        id: (body as { filterId: string | null }).filterId ? 's2' : 's1',
        url: 'http://127.0.0.1:4000',
        operationId: 'op',
      }),
      'POST /api/sandbox/s1/requests': (body) =>
        (body as { path: string }).path === '/signup'
          ? { status: 200, headers: {}, body: '', durationMs: 1 }
          : { status: 200, headers: {}, body: JSON.stringify({ token }), durationMs: 1 },
      'DELETE /api/sandbox/s1': () => undefined,
      'POST /api/perf/runs': (body) => ({ id: (body as { name: string }).name.includes('with rate-limit') ? 'run-b' : 'run-a' }),
      'GET /api/perf/runs/run-a': () => {
        if (++polls === 1) throw new ApiError(404, 'There is no run run-a.'); // stored a moment after the 202
        return polls < 3 ? run({ 200: 100 }, 'running') : { ...run({ 200: 500 }), id: 'run-a' };
      },
      'GET /api/perf/runs/run-b': () => ({ ...run({ 200: 10, 429: 490 }), id: 'run-b' }),
    });
    setTransport(transport);
    const steps = demoSteps(async () => {});

    let state: DemoState = {};
    const outcomes: string[] = [];
    for (const step of steps.filter((s) => s.run)) {
      const result = await step.run!(state);
      state = result.state;
      outcomes.push(result.outcome);
    }

    expect(outcomes[2]).toBe(`Token ${token.slice(0, 16)}… = base64 of {"plan":"Personal","username":"bob"}.`);
    expect(outcomes[3]).toMatch(/^All 500 pulls answered 200/);
    expect(outcomes[5]).toMatch(/^10 × 200 and 490 × 429/);
    expect(polls).toBe(3);
    const perfRun = calls.find((c) => c.url === '/api/perf/runs')!.body as { spec: Record<string, unknown> };
    expect(perfRun.spec).toMatchObject({ urls: ['http://127.0.0.1:4000/pull'], headers: { Authorization: token }, model: 'open', rps: 100, durationSeconds: 5 });
    expect(calls.filter((c) => c.url === '/api/sandbox').map((c) => c.body)).toEqual([
      { filterId: null, upstream: 'imagehub' },
      { filterId: 'rate-limit', pluginConfig: { paths: ['/pull'], limits: { Personal: 10, Team: 100, Enterprise: 0 } }, upstream: 'imagehub' },
    ]);
    expect(compareLink(state)).toBe('#/performance?compare=run-a,run-b');
  });

  it('fails the run step with the verdict when the filter did not limit', async () => {
    const { transport } = fakeTransport({
      'POST /api/perf/runs': () => ({ id: 'x' }),
      'GET /api/perf/runs/x': () => run({ 200: 500 }),
    });
    setTransport(transport);
    const step = demoSteps(async () => {}).find((s) => s.id === 'run-with')!;

    await expect(step.run!({ sandbox: { id: 's', url: 'http://127.0.0.1:1' } as DemoState['sandbox'], token: 't' })).rejects.toThrow(
      'Expected 10 × 200 and the rest 429, got 500 × 200.',
    );
  });
});
