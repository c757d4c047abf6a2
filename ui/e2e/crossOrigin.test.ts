import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../integration/backendProcess';
import { startStandalone, type Standalone } from './standalone';

// Another web page the user has open, on another loopback origin, tries what a browser lets any page do without
// asking: no-cors fetches and form posts against the standalone backend. None of it may change anything.

let standalone: Standalone;
let attacker: Server;
let attackerUrl: string;
let marker: string;

/** A kubeconfig whose exec credential plugin would create `marker` if it ever ran. */
function execKubeconfig(path: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'current-context: evil',
    'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true } }]',
    'contexts: [{ name: evil, context: { cluster: c, user: u } }]',
    `users: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: /usr/bin/touch, args: ["${path}"] } } }]`,
  ].join('\n');
}

function attackPage(backend: string, kubeconfig: string): string {
  return `<!doctype html><title>An ordinary page</title>
<iframe name="sink" style="display:none"></iframe>
<form id="json-as-text" method="POST" enctype="text/plain" target="sink" action="${backend}/api/operations/selftest">
  <input name='{"steps":1,"x":"' value='"}'>
</form>
<form id="kubeconfig-form" method="POST" target="sink" action="${backend}/api/cluster/kubeconfig">
  <input name="kubeconfig" value="">
</form>
<script>
  const backend = ${JSON.stringify(backend)};
  const kubeconfig = ${JSON.stringify(kubeconfig)};
  const attempts = [
    fetch(backend + '/api/cleanup', { method: 'POST', mode: 'no-cors' }),
    fetch(backend + '/api/meshes/istio/install', { method: 'POST', mode: 'no-cors', body: '{}' }),
    fetch(backend + '/api/operations/selftest', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"steps":1}' }),
    fetch(backend + '/api/cluster/kubeconfig', { method: 'POST', mode: 'no-cors', body: JSON.stringify({ kubeconfig }) }),
    fetch(backend + '/api/perf/profiles', { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ name: 'evil' }) }),
  ];
  window.fetchesDone = Promise.allSettled(attempts).then((results) => results.map((r) => r.status));
  document.querySelector('#kubeconfig-form input').value = kubeconfig;
  document.getElementById('json-as-text').submit();
  setTimeout(() => document.getElementById('kubeconfig-form').submit(), 300);
</script>`;
}

beforeAll(async () => {
  standalone = await startStandalone({ extraArgs: ['--Cluster:InContainer=false'] });
  marker = join(standalone.backend.dataDir, 'exec-ran');
  const page = attackPage(standalone.baseUrl, execKubeconfig(marker));
  attacker = createServer((_, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve));
  await standalone?.stop();
});

describe('a page from another origin against the standalone backend', () => {
  it('sends no-cors fetches and form posts that reach the backend and change nothing', async () => {
    const { page, backend, baseUrl } = standalone;
    expect(new URL(attackerUrl).origin).not.toBe(new URL(baseUrl).origin);

    await page.goto(attackerUrl);
    const statuses = await page.evaluate(() => (window as unknown as { fetchesDone: Promise<string[]> }).fetchesDone);
    expect(statuses).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']); // opaque answers, as any page gets

    // Every attempt reached the backend and was refused there (403 for a foreign Origin): seven requests.
    const refused = () => backend.output().match(/Method: POST .*?Path: \/api\/\S+ StatusCode: 403/g) ?? [];
    await until(backend, () => refused().length >= 7, 'the seven cross-site posts to be refused');
    expect(refused().join('\n')).toContain('Path: /api/cluster/kubeconfig');
    expect(backend.output()).not.toMatch(/Method: POST .*?Path: \/api\/\S+ StatusCode: 20\d/);

    // Nothing changed, as the API (asked the way curl asks) shows it.
    const get = async <T>(url: string) => (await (await fetch(`${baseUrl}${url}`)).json()) as T;
    expect(await get<unknown[]>('/api/operations')).toEqual([]);
    expect(await get<unknown[]>('/api/perf/profiles')).toEqual([]);
    expect((await get<{ uploaded: boolean }>('/api/cluster/contexts')).uploaded).toBe(false);
    await get('/api/cluster');
    expect(existsSync(marker)).toBe(false);
  });

  it('still serves the panel itself: its JSON requests with the token work', async () => {
    const { page, baseUrl } = standalone;
    await page.goto(`${baseUrl}/`);
    await expect.poll(() => page.getByRole('main').getByText('Live progress arrives over WebSockets.').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByLabel('Steps').fill('3');
    await page.getByLabel('Step delay (ms)').fill('50');
    await page.getByRole('button', { name: 'Run self-test' }).click();
    const status = page.getByRole('region', { name: 'Selected operation' }).getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('succeeded');
    expect(standalone.pageErrors).toEqual([]);
  });
});
