import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverheadReport } from '../src/api/overhead/types';
import { startCountingUpstream, type CountingUpstream } from './countingUpstream';
import { startMeshTestbed, type MeshTestbed } from './meshTestbed';
import { backgroundLuminance, saveInBothSchemes, saveScreenshot } from './screenshots';
import type { Standalone } from './standalone';

// "What does this mesh cost?" from the Performance page, in Debian's Chromium: Istio (the emulator's test chart, with
// Istio's real CRDs) is installed from the Meshes page, the emulator injects an istio-proxy container into pods of
// namespaces labelled istio-injection=enabled as Istio's webhook would, runs the runner pods as Meshdock's CLI, and
// serves pod metrics whose proxy and control-plane figures the test sets. Each httpbin Service's node port is one of
// five loopback upstreams (the first report's plain, meshed and filtered namespaces, the second's plain and meshed),
// so the load the runner pods send to the Services arrives there and is counted.
let testbed: MeshTestbed;
let standalone: Standalone;
let page: Page;
const upstreams: CountingUpstream[] = [];
const reportIds: string[] = [];
const istioCrds = join(dirname(fileURLToPath(import.meta.url)), '../../backend/tests/Meshdock.KubeEmulator/Fixtures/crds/istio/1.30.3');

beforeAll(async () => {
  for (let i = 0; i < 5; i++) upstreams.push(await startCountingUpstream());
  testbed = await startMeshTestbed({
    name: 'overhead',
    viewport: { width: 1400, height: 1000 },
    emulatorArgs: [
      '--ready-delay', '300',
      '--metrics-api',
      '--inject', 'istio-injection=enabled:istio-proxy=docker.io/istio/proxyv2:1.30.3',
      // Each report deploys its namespaces in the order plain, meshed, filtered: their httpbins get its ports in that order.
      ...upstreams.flatMap((upstream) => ['--reserve-node-port', String(upstream.port)]),
    ],
    serverArgs: ['--Overhead:SampleInterval', '00:00:00.250', '--Apps:ReadyTimeout', '00:00:40'],
  });
  ({ standalone } = testbed);
  page = standalone.page;
  // Istio's WasmPlugin CRD, which the filtered namespace's attachment creates an object of.
  for (const file of await readdir(istioCrds)) {
    const response = await fetch(`${testbed.emulator.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: await readFile(join(istioCrds, file), 'utf8'),
    });
    expect(response.status).toBe(201);
  }
});

afterAll(async () => {
  await testbed?.stop();
  await Promise.all(upstreams.map((upstream) => upstream.stop()));
});

const api = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${standalone.baseUrl}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
};

/** What the metrics API reports for a container of the pods whose names start with `podPrefix`. */
async function setPodMetrics(namespace: string, podPrefix: string, container: string, cpu: string, memory: string) {
  const response = await fetch(`${testbed.emulator.url}/emulator/pod-metrics`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ namespace, podPrefix, container, cpu, memory }),
  });
  expect(response.status).toBe(204);
}

async function namespacesOf(reportId: string): Promise<string[]> {
  const list = (await (await fetch(`${testbed.emulator.url}/api/v1/namespaces`)).json()) as {
    items: { metadata: { name: string }; status?: { phase?: string } }[];
  };
  return list.items
    .filter((item) => item.metadata.name.startsWith(`overhead-${reportId.slice(-8)}-`) && item.status?.phase !== 'Terminating')
    .map((item) => item.metadata.name);
}

/** Fills the form with a short profile and starts the report; answers its id once the backend has stored it. */
async function measure(rounds: number, known: readonly string[], filter: string | null): Promise<string> {
  const form = page.getByRole('region', { name: 'What does this mesh cost?' });
  await form.getByRole('combobox', { name: 'Filter (optional third namespace)' }).click();
  await page.getByRole('option', { name: filter ?? 'None' }).click();
  await form.getByLabel('Rate (rps)').fill('50');
  await form.getByLabel('Connections').fill('2');
  await form.getByLabel('Duration (s)').fill('1');
  await form.getByLabel('Warm-up (s)').fill('0');
  await form.getByLabel('Rounds').fill(String(rounds));
  await form.getByRole('button', { name: 'Measure' }).click();
  let id: string | undefined;
  await expect
    .poll(async () => (id = (await api<OverheadReport[]>('/api/perf/overhead')).find((report) => !known.includes(report.id))?.id), { timeout: 15_000 })
    .toBeDefined();
  // The meshed namespace's proxies and istiod use what these say; every other container the emulator's 2m and 16Mi.
  await setPodMetrics(`overhead-${id!.slice(-8)}-meshed`, 'httpbin-', 'istio-proxy', '30m', '40Mi');
  await setPodMetrics(`overhead-${id!.slice(-8)}-filtered`, 'httpbin-', 'istio-proxy', '45m', '52Mi');
  return id!;
}

/** The cells after the row's header, in the row whose header is exactly `row` ("Latency p99" is not "Latency p99.9"). */
const cellsOf = async (table: Locator, row: string) =>
  table.getByRole('row', { name: new RegExp(`^${row.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`) }).getByRole('cell').allTextContents();

describe('What does this mesh cost?', () => {
  it('installs Istio from the Meshes page', async () => {
    await page.goto(`${standalone.baseUrl}/`);
    await page.getByRole('tab', { name: 'Meshes' }).click();
    const card = page.getByRole('region', { name: 'Istio', exact: true });
    await expect.poll(() => card.getByRole('button', { name: 'Install' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await card.getByRole('button', { name: 'Install' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Istio 0.1.0?' });
    await expect.poll(() => dialog.getByRole('list', { name: 'Pre-flight checks' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Install' }).click();
    await expect.poll(() => card.getByRole('status', { name: 'State: Installed' }).isVisible(), { timeout: 60_000 }).toBe(true);
    await setPodMetrics('istio-system', 'istiod-', 'control-plane', '8m', '60Mi');
  });

  it('measures plain, meshed and meshed with a filter, with live progress in the drawer, then shows the figures, the curves and the downloads', async () => {
    await page.getByRole('tab', { name: 'Performance' }).click();
    const id = await measure(2, [], 'rate-limit');
    reportIds.push(id);

    // The Operations drawer opens on the report's operation and follows it live.
    const selected = page.locator('.MuiDrawer-paper').getByRole('region', { name: 'Selected operation' });
    await expect.poll(() => selected.getByRole('heading').textContent(), { timeout: 10_000 }).toBe('What Istio costs (httpbin)');
    await expect.poll(() => selected.getByRole('log', { name: 'Event log' }).textContent(), { timeout: 30_000 }).toContain('Round 1 of 2: plain');
    expect(await selected.getByRole('status').textContent()).toBe('running');
    const view = page.getByRole('region', { name: 'Overhead report' });
    await expect.poll(() => view.getByText(/^Measuring: \d of 6 runs done\.$/).isVisible(), { timeout: 10_000 }).toBe(true);

    await expect.poll(() => selected.getByRole('status').textContent(), { timeout: 60_000 }).toBe('succeeded');
    const log = (await selected.getByRole('log', { name: 'Event log' }).textContent()) ?? '';
    expect(log.indexOf('Round 1 of 2: meshed')).toBeGreaterThan(log.indexOf('Round 1 of 2: plain'));
    expect(log.indexOf('Round 2 of 2: plain')).toBeGreaterThan(log.indexOf('Round 2 of 2: meshed'));
    // With the drawer docked beside it, the finished report still fits: the page does not scroll sideways.
    await expect.poll(() => view.getByRole('table', { name: 'What the mesh costs' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.getByRole('button', { name: 'Close operations' }).click();

    // The figures as the report computed them, with what each upstream received.
    const report = await api<OverheadReport>(`/api/perf/overhead/${id}`);
    expect(report.status).toBe('succeeded');
    expect(report.variants.map((variant) => [variant.key, variant.filter ?? null])).toEqual([
      ['plain', null],
      ['meshed', null],
      ['filtered', 'rate-limit'],
    ]);
    report.variants.forEach((variant, index) => {
      expect(variant.rounds.reduce((sum, round) => sum + (round.summary?.requests ?? 0), 0)).toBe(upstreams[index]!.count());
      // Two rounds of 50 rps for 1 s each.
      expect(upstreams[index]!.count()).toBeGreaterThanOrEqual(90);
    });
    // The filter is attached as the Filters page would attach it, and listed there.
    const attachments = await api<{ id: string; namespace: string }[]>('/api/filters/attachments');
    expect(attachments.map((attachment) => attachment.namespace)).toEqual([`overhead-${id.slice(-8)}-filtered`]);

    const table = view.getByRole('table', { name: 'What the mesh costs' });
    await expect.poll(() => table.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await view.getByText('succeeded', { exact: true }).isVisible()).toBe(true);
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Figure',
      'Plain',
      'Meshed',
      'With rate-limit',
      'Value',
      'Δ (mean)',
      'Δ (min … max)',
      'Value',
      'Δ (mean)',
      'Δ (min … max)',
    ]);
    const p99 = await cellsOf(table, 'Latency p99');
    expect(p99).toHaveLength(7);
    expect(p99[5]).toMatch(/^[+−]\d+(\.\d+)?$/);
    expect(p99[0]).toMatch(/^\d+(\.\d+)?$/);
    expect(p99[2]).toMatch(/^[+−]\d+(\.\d+)?$/);
    expect(p99[3]).toMatch(/^[+−]\d+(\.\d+)? … [+−]\d+(\.\d+)?$/);
    expect((await cellsOf(table, 'Success rate')).slice(0, 2)).toEqual(['100', '100']);
    // Resource figures from what the test set: 40Mi proxies, istiod at 8m and 60Mi; proxy CPU scaled by the rounds' rate.
    expect(await cellsOf(table, 'Proxy memory per pod')).toEqual(['—', '40.0', '40.0', '40.0 … 40.0', '52.0', '52.0', '52.0 … 52.0']);
    expect((await cellsOf(table, 'Control plane CPU'))[1]).toBe('8.00');
    expect((await cellsOf(table, 'Control plane memory'))[1]).toBe('60.0');
    const proxyCpu = report.figures!.find((figure) => figure.key === 'proxyCpuPer1000Rps')!;
    expect(proxyCpu.meshed).toBeGreaterThan(300);
    expect((await cellsOf(table, 'Proxy CPU per 1,000 rps'))[1]).toBe(proxyCpu.meshed!.toFixed(0));

    // Every run's latency curve overlaid, named by namespace and round.
    await expect.poll(() => view.locator('.recharts-line').count(), { timeout: 10_000 }).toBe(6);
    const legend = await view.locator('.recharts-legend-item-text').allTextContents();
    expect(legend.sort()).toEqual(['filtered, round 1', 'filtered, round 2', 'meshed, round 1', 'meshed, round 2', 'plain, round 1', 'plain, round 2']);

    const [html] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'HTML page' }).click()]);
    expect(html.suggestedFilename()).toBe('What-Istio-costs-httpbin-.html');
    const page_ = await readFile((await html.path())!, 'utf8');
    expect(page_).toMatch(/^<!DOCTYPE html>/i);
    expect(page_.split('<polyline').length - 1).toBe(6);
    expect(page_).toContain('Proxy CPU per 1,000 rps');
    expect(page_).toContain('Δ filtered (mean)');
    expect(page_).not.toContain('<script');
    const [smp] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'SMP (every run)' }).click()]);
    const yaml = await readFile((await smp.path())!, 'utf8');
    expect(yaml.match(/meshdock\.io\/variant: "?meshed"?/g)).toHaveLength(2);
    expect(yaml.match(/meshdock\.io\/variant: "?plain"?/g)).toHaveLength(2);
    expect(yaml.match(/meshdock\.io\/variant: "?filtered"?/g)).toHaveLength(2);
    expect(yaml.match(/meshdock\.io\/filter: "?rate-limit"?/g)).toHaveLength(2);

    // The pointer leaves the chart before the page scrolls it under the pointer (its tooltip would be in the picture).
    await page.mouse.move(0, 0);
    await view.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await saveInBothSchemes(page, 'overhead-report', async (scheme) => {
      expect(await table.isVisible()).toBe(true);
      const luminance = await backgroundLuminance(page);
      if (scheme === 'dark') expect(luminance).toBeLessThan(0.3);
      else expect(luminance).toBeGreaterThan(0.7);
    });
    expect(standalone.pageErrors).toEqual([]);
  });

  it('lists the report with the perf history, compares it with a second one, and removes it with its namespaces', async () => {
    const history = page.locator('[aria-label="Run history"]');
    const reports = history.getByRole('table', { name: 'Overhead reports' });
    await expect.poll(() => reports.getByRole('row', { name: /What Istio costs/ }).count(), { timeout: 10_000 }).toBe(1);
    // Each of the report's runs names the report it belongs to.
    const runs = history.getByRole('table', { name: 'Runs' });
    await expect.poll(() => runs.getByRole('button', { name: 'What Istio costs (httpbin)', exact: true }).count(), { timeout: 10_000 }).toBe(6);

    // One mesh measured again: one round is enough to compare.
    await page.getByRole('region', { name: 'Overhead report' }).getByRole('button', { name: 'Close' }).click();
    const second = await measure(1, reportIds, null);
    reportIds.push(second);
    await expect
      .poll(async () => (await api<OverheadReport>(`/api/perf/overhead/${second}`)).status, { timeout: 60_000 })
      .toBe('succeeded');
    await expect.poll(() => reports.getByRole('row', { name: /What Istio costs/ }).count(), { timeout: 10_000 }).toBe(2);
    // Once the list knows the second report finished, both can be ticked.
    for (const index of [0, 1]) {
      await expect.poll(() => reports.getByRole('checkbox').nth(index).isEnabled(), { timeout: 10_000 }).toBe(true);
      await reports.getByRole('checkbox').nth(index).check();
    }
    await history.getByRole('button', { name: 'Compare reports' }).click();
    const compared = page.getByRole('region', { name: 'Overhead reports compared' }).getByRole('table', { name: 'Reports compared' });
    await expect.poll(() => compared.isVisible(), { timeout: 10_000 }).toBe(true);
    const memory = await cellsOf(compared, 'Proxy memory per pod');
    expect(memory).toEqual(['40.0 MiB', '40.0 … 40.0 MiB', '40.0 MiB', '40.0 … 40.0 MiB', 'Within the spread']);
    expect(await compared.getByRole('row', { name: /^Latency p99 / }).getByRole('cell').nth(4).textContent()).toMatch(/^(First|Second|Within the spread)$/);
    await compared.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, 'overhead-compare-light');

    // Removing the first report removes its runs and both its namespaces.
    const first = reportIds[0]!;
    expect(await namespacesOf(first)).toHaveLength(3);
    const row = (await api<OverheadReport[]>('/api/perf/overhead')).findIndex((report) => report.id === first);
    await reports.getByRole('button', { name: 'Remove report What Istio costs (httpbin)' }).nth(row).click();
    await expect.poll(() => reports.getByRole('row', { name: /What Istio costs/ }).count(), { timeout: 15_000 }).toBe(1);
    expect((await fetch(`${standalone.baseUrl}/api/perf/overhead/${first}`)).status).toBe(404);
    await expect.poll(() => namespacesOf(first), { timeout: 30_000 }).toEqual([]);
    expect(await api<unknown[]>('/api/filters/attachments')).toEqual([]);
    expect(await namespacesOf(second)).toHaveLength(2);
    expect(standalone.pageErrors).toEqual([]);
  });
});
