import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandalone, type Standalone } from './standalone';

let standalone: Standalone;
let page: Page;

beforeAll(async () => {
  standalone = await startStandalone({ viewport: { width: 1200, height: 800 } });
  page = standalone.page;
});

afterAll(async () => {
  await standalone?.stop();
});

describe('Meshdock in a real browser, standalone', () => {
  it('loads the shell and shows the backend’s version', async () => {
    const { version } = (await (await fetch(`${standalone.baseUrl}/api/health`)).json()) as { version: string };

    await page.goto(`${standalone.baseUrl}/`);

    await expect.poll(() => page.getByText(`Backend v${version}`).isVisible(), { timeout: 15_000 }).toBe(true);
    for (const section of ['Overview', 'Meshes', 'Sample apps', 'Filters', 'Performance']) {
      expect(await page.getByRole('tab', { name: section }).isVisible()).toBe(true);
    }
    await page.getByRole('tab', { name: 'Meshes' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Remove everything Meshdock installed' }).isVisible()).toBe(true);
    await page.getByRole('tab', { name: 'Overview' }).click();
    expect(standalone.pageErrors).toEqual([]);
  });

  it('runs a self-test from the UI and shows its events arriving live until it succeeds', async () => {
    await expect.poll(() => page.getByRole('main').getByText('Live progress arrives over WebSockets.').isVisible(), { timeout: 15_000 }).toBe(true);
    const steps = 40;
    await page.getByLabel('Steps').fill(String(steps));
    await page.getByLabel('Step delay (ms)').fill('100');
    await page.getByRole('button', { name: 'Run self-test' }).click();

    const selected = page.getByRole('region', { name: 'Selected operation' });
    const status = selected.getByRole('status');
    const log = selected.getByRole('log', { name: 'Event log' });
    await log.waitFor({ timeout: 10_000 });
    const lines = log.locator('[data-seq]');

    // Several different counts while it runs: the events stream in, they do not appear all at once at the end.
    const counts = new Set<number>();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      counts.add(await lines.count());
      if ((await status.textContent()) === 'succeeded') break;
      await page.waitForTimeout(150);
    }
    expect(await status.textContent()).toBe('succeeded');
    expect([...counts].filter((count) => count > 0 && count < steps).length).toBeGreaterThanOrEqual(3);

    const seqs = (await lines.evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-seq')))));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => index + 1));
    expect(seqs.length).toBeGreaterThanOrEqual(steps + 2);
    expect(await lines.last().textContent()).toMatch(/succeeded/i);
    expect(await selected.getByRole('progressbar', { name: `${steps} of ${steps} steps` }).isVisible()).toBe(true);

    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'succeeded' }).isVisible()).toBe(true);
  });
});
