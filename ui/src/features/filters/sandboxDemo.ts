import {
  ApiError,
  getPerfRun,
  perfRunStart,
  sendThroughSandbox,
  startOperation,
  startSandbox,
  stopSandbox,
  type PerfRun,
  type Sandbox,
} from '../../api';

// The seed demo as steps a person clicks through: Image Hub without a filter lets Bob (Personal plan) pull as fast as
// the load generator goes; with the rate-limit filter only 10 pulls a minute pass and the rest get 429.

export const imageHubRules = { paths: ['/pull'], limits: { Personal: 10, Team: 100, Enterprise: 0 } };
export const demoRate = { rps: 100, seconds: 5 };

export interface DemoState {
  sandbox?: Sandbox;
  token?: string;
  without?: PerfRun;
  with?: PerfRun;
}

export interface DemoStep {
  id: 'start' | 'signup' | 'token' | 'run-without' | 'restart' | 'run-with' | 'compare';
  label: string;
  /** Does the step's work; returns the new state and a sentence saying what happened. Throws a sentence on failure. */
  run?: (state: DemoState) => Promise<{ state: DemoState; outcome: string }>;
}

const finalRunStatuses = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

async function send(state: DemoState, method: string, path: string, body?: unknown) {
  if (!state.sandbox) throw new Error('Start the sandbox first.');
  return sendThroughSandbox(state.sandbox.id, {
    method,
    path,
    headers: state.token ? { Authorization: state.token } : {},
    body: body === undefined ? null : JSON.stringify(body),
  });
}

async function runPulls(state: DemoState, name: string, wait: (ms: number) => Promise<void>): Promise<PerfRun> {
  if (!state.sandbox || !state.token) throw new Error('Start the sandbox and get Bob’s token first.');
  const { id } = await startOperation(perfRunStart({
    name,
    spec: {
      urls: [`${state.sandbox.url}/pull`],
      method: 'GET',
      headers: { Authorization: state.token },
      model: 'open',
      rps: demoRate.rps,
      connections: 10,
      durationSeconds: demoRate.seconds,
      http2: false,
      insecureSkipVerify: false,
    },
  }));
  // The run is stored once its operation starts, a moment after the 202: until then it is not found.
  for (let attempt = 0; ; attempt++) {
    try {
      const run = await getPerfRun(id);
      if (finalRunStatuses.has(run.status)) return run;
    } catch (thrown) {
      if (!(thrown instanceof ApiError && thrown.status === 404 && attempt < 10)) throw thrown;
    }
    await wait(1000);
  }
}

/** What a run's status codes say, checked against what the demo expects. */
export function judgeRun(run: PerfRun, filtered: boolean): { ok: boolean; sentence: string } {
  const statusCodes = run.summary?.statusCodes ?? {};
  const requests = run.summary?.requests ?? 0;
  const codes = Object.entries(statusCodes).filter(([, count]) => count > 0);
  const count = (code: string) => statusCodes[code] ?? 0;
  const summary = codes.map(([code, n]) => `${n} × ${code}`).join(', ') || 'no responses';
  if (run.status !== 'succeeded') return { ok: false, sentence: `The run ${run.status} (${summary}); see it on the Performance page.` };
  if (!filtered) {
    const ok = codes.length === 1 && count('200') === requests && requests > 0;
    return {
      ok,
      sentence: ok
        ? `All ${requests} pulls answered 200: without a filter nothing stops Bob.`
        : `Expected every pull to answer 200, got ${summary}.`,
    };
  }
  const limit = imageHubRules.limits.Personal;
  const ok = count('200') === limit && count('429') === requests - limit;
  return {
    ok,
    sentence: ok
      ? `${limit} × 200 and ${count('429')} × 429: the filter held Bob to his plan's ${limit} pulls a minute.`
      : `Expected ${limit} × 200 and the rest 429, got ${summary}${count('200') === 2 * limit ? ' (the run crossed into a new minute, which grants 10 more)' : ''}.`,
  };
}

export function demoSteps(wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): DemoStep[] {
  return [
    {
      id: 'start',
      label: 'Start a sandbox without a filter',
      run: async (state) => {
        const sandbox = await startSandbox({ filterId: null, upstream: 'imagehub' });
        return { state: { ...state, sandbox }, outcome: `Image Hub answers at ${sandbox.url}, no filter in front.` };
      },
    },
    {
      id: 'signup',
      label: 'Sign up Bob on the Personal plan',
      run: async (state) => {
        // Image Hub answers 200 with no body, and signing up again overwrites the account.
        const response = await send(state, 'POST', '/signup', { username: 'bob', password: 'bob', plan: 'Personal' });
        if (response.status !== 200) throw new Error(`Sign-up answered ${response.status}: ${response.body}`);
        return { state, outcome: 'Bob signed up (Personal).' };
      },
    },
    {
      id: 'token',
      label: 'Get Bob’s token',
      run: async (state) => {
        const response = await send(state, 'POST', '/auth', { username: 'bob', password: 'bob' });
        if (response.status !== 200) throw new Error(`Log-in answered ${response.status}: ${response.body}`);
        const token = (JSON.parse(response.body) as { token: string }).token;
        return { state: { ...state, token }, outcome: `Token ${token.slice(0, 16)}… = base64 of ${atob(token)}.` };
      },
    },
    {
      id: 'run-without',
      label: `Pull for ${demoRate.seconds} s at ${demoRate.rps} requests/s`,
      run: async (state) => {
        const without = await runPulls(state, 'Image Hub /pull, sandbox without filter', wait);
        const verdict = judgeRun(without, false);
        if (!verdict.ok) throw new Error(verdict.sentence);
        return { state: { ...state, without }, outcome: verdict.sentence };
      },
    },
    {
      id: 'restart',
      label: 'Restart the sandbox with the rate-limit filter',
      run: async (state) => {
        if (state.sandbox) await stopSandbox(state.sandbox.id);
        const sandbox = await startSandbox({ filterId: 'rate-limit', pluginConfig: imageHubRules, upstream: 'imagehub' });
        return { state: { ...state, sandbox }, outcome: `The rate-limit filter runs in front of Image Hub at ${sandbox.url}.` };
      },
    },
    {
      id: 'run-with',
      label: 'Pull again with the filter',
      run: async (state) => {
        const withFilter = await runPulls(state, 'Image Hub /pull, sandbox with rate-limit filter', wait);
        const verdict = judgeRun(withFilter, true);
        if (!verdict.ok) throw new Error(verdict.sentence);
        return { state: { ...state, with: withFilter }, outcome: verdict.sentence };
      },
    },
    { id: 'compare', label: 'Compare both runs' },
  ];
}

/** The demo's finding in one sentence per run: what share of Bob's pulls passed, and what the others got. */
export function demoOutcome(state: DemoState): string[] | undefined {
  if (!state.without || !state.with) return undefined;
  const describe = (label: string, run: PerfRun) => {
    const codes = run.summary?.statusCodes ?? {};
    const requests = run.summary?.requests ?? 0;
    const passed = codes['200'] ?? 0;
    const share = requests === 0 ? 0 : (100 * passed) / requests;
    const others = Object.entries(codes)
      .filter(([code, count]) => code !== '200' && count > 0)
      .map(([code, count]) => `${count} × ${code}`);
    return `${label}: ${passed} of ${requests} pulls passed (${share.toFixed(share === 100 || share === 0 ? 0 : 1)} %)${others.length > 0 ? `, ${others.join(', ')}` : ''}.`;
  };
  return [describe('Without the filter', state.without), describe('With the rate-limit filter', state.with)];
}

/** The Performance page's comparison of the two runs (the page opens it from the `compare` query). */
export function compareLink(state: DemoState): string | undefined {
  return state.without && state.with ? `#/performance?compare=${state.without.id},${state.with.id}` : undefined;
}
