import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../integration/backendProcess';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const screenshotPath = join(here, '../../docs/screenshot.png');
const builtIndex = join(here, '../dist/index.html');

let backend: RunningBackend;
let profileDir: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`No Chromium at ${chromiumPath}: install Debian's \`chromium\` package (.ci/run does).`);
  backend = await startBackend({ urls: true }, async (started) => (await fetch(`${started.baseUrl}/api/health`)).ok);
  // The server copies ui/dist into its wwwroot when it is built: make sure this run tests this UI, not an older one.
  const served = await (await fetch(`${backend.baseUrl}/`)).text();
  if (served !== (await readFile(builtIndex, 'utf8'))) {
    throw new Error('The backend serves another UI build than ui/dist: build the backend after `npm run build` (`make test-browser` does).');
  }
  profileDir = await mkdtemp(join(tmpdir(), 'meshdock-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1200, height: 800 },
    deviceScaleFactor: 2,
    colorScheme: 'light',
  });
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  await backend?.stop();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

describe('Meshdock in a real browser, standalone', () => {
  it('loads the shell and shows the backend’s version', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const { version } = (await (await fetch(`${backend.baseUrl}/api/health`)).json()) as { version: string };

    await page.goto(`${backend.baseUrl}/`);

    await expect.poll(() => page.getByText(`Backend v${version}`).isVisible(), { timeout: 15_000 }).toBe(true);
    for (const section of ['Overview', 'Meshes', 'Sample apps', 'Filters', 'Performance']) {
      expect(await page.getByRole('tab', { name: section }).isVisible()).toBe(true);
    }
    await page.getByRole('tab', { name: 'Meshes' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Remove everything Meshdock installed' }).isVisible()).toBe(true);
    await page.getByRole('tab', { name: 'Overview' }).click();
    expect(errors).toEqual([]);
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
    await mkdir(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath });
  });
});
