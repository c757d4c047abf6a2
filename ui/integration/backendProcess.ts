import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Release build the Makefile makes (`make backend-build`); MESHDOCK_SERVER_DLL points elsewhere. */
export const serverDll = resolve(
  process.env.MESHDOCK_SERVER_DLL ?? join(dirname(fileURLToPath(import.meta.url)), '../../backend/src/Meshdock.Server/bin/Release/net10.0/Meshdock.Server.dll'),
);

export interface RunningBackend {
  dataDir: string;
  /** Set in container mode. */
  socketPath?: string;
  /** Set in standalone mode. */
  baseUrl?: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts the real backend as the container and `make run` do: `--socket` for container mode, `--urls` for
 * standalone, always with a fresh data folder. Resolves once `ready()` says it answers.
 */
export async function startBackend(
  mode: { socket: true; extraArgs?: string[] } | { urls: true; extraArgs?: string[] },
  ready: (backend: RunningBackend) => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<RunningBackend> {
  if (!existsSync(serverDll)) {
    throw new Error(`The backend is not built at ${serverDll}: run \`make backend-build\` first (or set MESHDOCK_SERVER_DLL).`);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'meshdock-ui-test-'));
  const args = [serverDll, '--data', dataDir];
  const backend: RunningBackend = { dataDir, output: () => output, stop: async () => {} };
  if ('socket' in mode) {
    backend.socketPath = join(dataDir, 'm.sock');
    args.push('--socket', backend.socketPath, ...(mode.extraArgs ?? []));
  } else {
    backend.baseUrl = `http://127.0.0.1:${await freePort()}`;
    args.push('--urls', backend.baseUrl, ...(mode.extraArgs ?? []));
  }

  let output = '';
  const child: ChildProcess = spawn(process.env.DOTNET ?? 'dotnet', args, {
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  backend.stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killTimer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await ready(backend).catch(() => false)) return backend;
    await new Promise((wait) => setTimeout(wait, 200));
  }
  await backend.stop();
  throw new Error(`The backend did not become ready within ${timeoutMs} ms. Its output:\n${output}`);
}

/** Waits (polling every 20 ms) until `condition` holds; on time-out the error carries the backend's output. */
export async function until(backend: RunningBackend, condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Backend output:\n${backend.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
