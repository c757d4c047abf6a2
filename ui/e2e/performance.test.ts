import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandalone, type Standalone } from './standalone';

let standalone: Standalone;
let page: Page;

beforeAll(async () => {
  standalone = await startStandalone({ viewport: { width: 1280, height: 900 } });
  page = standalone.page;
});

afterAll(async () => {
  await standalone?.stop();
});

describe('Performance page in a real browser', () => {
  it('runs a 3-second closed-model test against the backend’s own /api/health: live chart, then the result', async () => {
    await page.goto(`${standalone.baseUrl}/#/performance`);

    const form = page.getByRole('form', { name: 'Load test' });
    await form.getByLabel('Target URLs').fill(`${standalone.baseUrl}/api/health`);
    await form.getByRole('button', { name: /Closed/ }).click();
    await form.getByLabel('Connections').fill('2');
    await form.getByLabel('Duration (s)').fill('3');
    await form.getByLabel('Name', { exact: true }).fill('health closed 3 s');
    await form.getByRole('button', { name: 'Start run' }).click();

    // While it runs: the progress bar moves and the chart draws one rps point per second.
    const run = page.locator('[aria-label="Run"]');
    const live = run.locator('[aria-label="Live run"]');
    await live.waitFor({ timeout: 15_000 });
    await expect.poll(() => live.getByText(/^Second \d+:/).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await live.locator('.recharts-line-curve').first().getAttribute('d')) ?? '', { timeout: 10_000 }).toMatch(/L/);

    // Then the stored result replaces the live view.
    await expect.poll(() => run.getByRole('table', { name: 'Status codes' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await run.getByRole('table', { name: 'Status codes' }).getByText('200').isVisible()).toBe(true);
    expect(await run.getByRole('table', { name: 'Latency percentiles' }).isVisible()).toBe(true);
    expect(await run.locator('section[aria-label="Latency by percentile"] .recharts-line-curve').count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Runs' }).getByText('health closed 3 s').isVisible()).toBe(true);
    expect(standalone.pageErrors).toEqual([]);
  });
});
