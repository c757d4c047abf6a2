import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './backendProcess';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The emulator as `make emulator` runs it, from the Release build `make backend-build` makes. */
export const emulatorDll = resolve(
  process.env.MESHDOCK_EMULATOR_DLL ?? join(repo, 'backend/tests/Meshdock.KubeEmulator/bin/Release/net10.0/Meshdock.KubeEmulator.dll'),
);

/** The emulator's small test chart (Deployment `<release>-control-plane`, a CRD), for catalog overrides. */
export const testChart = join(repo, 'backend/tests/Meshdock.KubeEmulator.Tests/charts/meshdock-test');

/** helm for tests: MESHDOCK_HELM, else tools/helm (`make tools/helm`). */
export const helmPath = process.env.MESHDOCK_HELM ?? join(repo, 'tools/helm');

export interface RunningEmulator {
  url: string;
  kubeconfig: string;
  dir: string;
  stop: () => Promise<void>;
}

/** Starts the emulator on a free loopback port; `extraArgs` are its options (`--ready-delay MS`, `--fail-pod-prefix P`…). */
export async function startEmulator(extraArgs: string[] = [], timeoutMs = 60_000): Promise<RunningEmulator> {
  if (!existsSync(emulatorDll)) throw new Error(`The emulator is not built at ${emulatorDll}: run \`make backend-build\` first.`);
  const dir = await mkdtemp(join(tmpdir(), 'meshdock-emulator-'));
  const port = await freePort();
  const kubeconfig = join(dir, 'kubeconfig');
  let output = '';
  const child = spawn(process.env.DOTNET ?? 'dotnet', [emulatorDll, '--port', String(port), '--kubeconfig', kubeconfig, ...extraArgs], {
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killTimer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const up = existsSync(kubeconfig) && (await fetch(`${url}/version`).then((r) => r.ok, () => false));
    if (up) return { url, kubeconfig, dir, stop };
    await new Promise((wait) => setTimeout(wait, 200));
  }
  await stop();
  throw new Error(`The emulator did not start within ${timeoutMs} ms. Its output:\n${output}`);
}
