import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../integration/emulatorProcess';
import { startMeshTestbed, type MeshTestbed } from './meshTestbed';
import { backgroundLuminance, marketplaceWindow, saveInBothSchemes, saveScreenshot } from './screenshots';
import type { Standalone } from './standalone';

// The first run as a newcomer lives it, in Debian's Chromium: Meshdock starts with no cluster, the user pastes the
// kubeconfig of a cluster (the Kubernetes API emulator), installs a mesh and watches it come up, then runs the sandbox
// filter demo and reads the comparison. The Marketplace pictures are taken on the way, each after asserting what it
// shows. Istio's charts are swapped for the emulator's test chart; pods take 6 s to become Ready, long enough to
// photograph the install in both schemes.
let emulator: RunningEmulator;
let standalone: Standalone;
let testbed: MeshTestbed;
let page: Page;

beforeAll(async () => {
  testbed = await startMeshTestbed({ name: 'first-run', emulatorArgs: ['--ready-delay', '6000'], noCluster: true, ...marketplaceWindow });
  ({ emulator, standalone } = testbed);
  page = standalone.page;
});

afterAll(async () => {
  await testbed?.stop();
});

const clusterCard = () => page.getByRole('region', { name: 'Cluster' });

async function expectDarkAndLight(scheme: 'light' | 'dark') {
  const luminance = await backgroundLuminance(page);
  if (scheme === 'dark') expect(luminance).toBeLessThan(0.3);
  else expect(luminance).toBeGreaterThan(0.7);
}

/** Clicks a demo step's button and waits until the stepper moves past it; a step that fails shows its sentence. */
async function runStep(demo: Locator, label: string, timeoutMs = 60_000) {
  await demo.getByRole('button', { name: label, exact: true }).click();
  await expect
    .poll(async () => {
      if (await demo.getByRole('button', { name: 'Try again' }).isVisible()) return `failed: ${await demo.getByRole('alert').first().textContent()}`;
      if (await demo.getByRole('button', { name: 'Working…' }).isVisible()) return 'running';
      return (await demo.getByRole('button', { name: label, exact: true }).isVisible()) ? 'running' : 'done';
    }, { timeout: timeoutMs, interval: 250 })
    .toBe('done');
}

describe('The first run, as a newcomer', () => {
  it('starts with no cluster, then connects to the one whose kubeconfig is pasted', async () => {
    await page.goto(`${standalone.baseUrl}/`);
    await expect.poll(() => clusterCard().getByText('Not reachable').isVisible(), { timeout: 30_000 }).toBe(true);

    await clusterCard().getByRole('button', { name: 'Paste kubeconfig…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Use another kubeconfig' });
    await dialog.getByLabel('Kubeconfig (YAML)').fill(await readFile(emulator.kubeconfig, 'utf8'));
    await dialog.getByRole('button', { name: 'Use this kubeconfig' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);

    await expect.poll(() => clusterCard().getByText('Connected', { exact: true }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await clusterCard().getByText('from the pasted kubeconfig').isVisible()).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveInBothSchemes(page, 'overview', async (scheme) => {
      expect(await clusterCard().getByText('Connected', { exact: true }).isVisible()).toBe(true);
      expect(await clusterCard().textContent()).toContain('v1.32');
      await expectDarkAndLight(scheme);
    });
  });

  it('installs a mesh with its pods coming up live, in the card and in the docked Operations drawer', async () => {
    await page.getByRole('tab', { name: 'Meshes' }).click();
    const card = page.getByRole('region', { name: 'Istio', exact: true });
    await expect.poll(() => card.getByRole('status', { name: 'State: Not installed' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await card.getByRole('button', { name: 'Install' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Istio 0.1.0?' });
    await expect.poll(() => dialog.getByRole('list', { name: 'Pre-flight checks' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Install' }).click();

    await page.getByRole('button', { name: /^Operations/ }).click();
    const drawer = page.locator('.MuiDrawer-paper');
    await drawer.getByRole('button', { name: /Installing Istio/ }).click();
    const selected = drawer.getByRole('region', { name: 'Selected operation' });
    const cardPods = card.getByRole('table', { name: 'Pod readiness' });
    await expect.poll(() => cardPods.isVisible(), { timeout: 60_000 }).toBe(true);
    await card.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await saveInBothSchemes(page, 'mesh-installing', async (scheme) => {
      // Still coming up: the pod is there and not Ready yet; the drawer follows the same operation live.
      expect(await card.getByRole('status', { name: 'State: Installing' }).isVisible()).toBe(true);
      expect(await cardPods.textContent()).toMatch(/istiod-control-plane-/);
      expect(await cardPods.getByText('Ready', { exact: true }).count()).toBe(0);
      expect(await selected.getByRole('status').textContent()).toBe('running');
      expect(await selected.getByRole('log', { name: 'Event log' }).textContent()).toContain('STATUS: deployed');
      await expectDarkAndLight(scheme);
    });

    const progress = card.getByRole('region', { name: 'Operation progress' });
    await expect.poll(() => progress.getByRole('status').textContent(), { timeout: 60_000 }).toBe('succeeded');
    await expect.poll(() => card.getByRole('status', { name: 'State: Installed' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await cardPods.getByText('Ready', { exact: true }).count()).toBeGreaterThan(0);
    expect(await selected.getByRole('status').textContent()).toBe('succeeded');

    // With the drawer docked beside it, the card is narrower: pod names wrap only after a dash, never mid-word.
    const cardBox = (await card.boundingBox())!;
    expect(cardBox.x + cardBox.width).toBeLessThanOrEqual((await drawer.boundingBox())!.x + 1);
    // Every column inside the card's content box (the card clips what runs into its padding).
    expect(await cardPods.evaluate((table) => table.getBoundingClientRect().right <= table.parentElement!.getBoundingClientRect().right)).toBe(true);
    const wraps = await cardPods.locator('tbody tr td:first-child').evaluateAll((cells) =>
      cells.map((cell) => {
        const range = document.createRange();
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        const lineTops: number[] = [];
        const breaksAfter: string[] = [];
        let previous = '';
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (let index = 0; index < text.length; index++) {
            range.setStart(node, index);
            range.setEnd(node, index + 1);
            const top = Math.round(range.getBoundingClientRect().top);
            if (lineTops.length === 0 || top > lineTops[lineTops.length - 1]! + 2) {
              if (lineTops.length > 0) breaksAfter.push(previous);
              lineTops.push(top);
            }
            previous = text[index]!;
          }
        }
        return { text: cell.textContent ?? '', lines: lineTops.length, breaksAfter };
      }),
    );
    expect(wraps.length).toBeGreaterThan(0);
    for (const pod of wraps) {
      expect(pod.text).toMatch(/^istiod-control-plane-/);
      expect(pod.breaksAfter.every((character) => character === '-'), JSON.stringify(pod)).toBe(true);
      expect(pod.lines, JSON.stringify(pod)).toBeLessThanOrEqual(pod.text.split('-').length);
    }
  });

  it('runs the sandbox filter demo: without the filter every pull passes, with it 10 pass and the rest get 429', async () => {
    await page.getByRole('button', { name: 'Close operations' }).click();
    await page.getByRole('tab', { name: 'Filters' }).click();
    const demo = page.locator('[aria-label="Sandbox demo"]');
    await expect.poll(() => demo.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByText('cannot run yet').count()).toBe(0); // the built-in filter was built

    await runStep(demo, 'Start a sandbox without a filter');
    await runStep(demo, 'Sign up Bob on the Personal plan');
    await runStep(demo, 'Get Bob’s token');
    await runStep(demo, 'Pull for 5 s at 100 requests/s');
    await runStep(demo, 'Restart the sandbox with the rate-limit filter');
    // The filter grants 10 pulls per clock minute: start the 5-second run where it cannot cross into the next one.
    const seconds = new Date().getSeconds();
    if (seconds >= 45) await page.waitForTimeout((61 - seconds) * 1000);
    await runStep(demo, 'Pull again with the filter');

    const outcome = demo.getByRole('alert', { name: 'Demo outcome' });
    await expect.poll(() => outcome.isVisible(), { timeout: 10_000 }).toBe(true);
    const text = (await outcome.textContent()) ?? '';
    const without = /Without the filter: (\d+) of (\d+) pulls passed \(100 %\)\./.exec(text);
    const withFilter = /With the rate-limit filter: 10 of (\d+) pulls passed \([\d.]+ %\), (\d+) × 429\./.exec(text);
    expect(without, text).not.toBeNull();
    expect(without![1]).toBe(without![2]);
    expect(withFilter, text).not.toBeNull();
    expect(Number(withFilter![2])).toBe(Number(withFilter![1]) - 10);
    expect(Number(withFilter![1])).toBeGreaterThan(100);
  });

  it('opens the comparison, which shows 10 passed and the rest refused with 429', async () => {
    await page.getByRole('link', { name: 'Open the comparison' }).click();
    const compare = page.locator('[aria-label="Compare runs"]');
    const outcomes = compare.getByRole('table', { name: 'Status codes side by side' });
    await expect.poll(() => outcomes.isVisible(), { timeout: 30_000 }).toBe(true);
    const rows = outcomes.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const withoutRow = (await rows.nth(0).locator('td').allTextContents()).map((cell) => cell.trim());
    const withRow = (await rows.nth(1).locator('td').allTextContents()).map((cell) => cell.trim());
    // Run, success rate, good throughput, 2xx, 3xx, 4xx, 5xx, socket errors, top codes.
    expect(withoutRow[0]).toContain('without filter');
    expect(withoutRow[1]).toBe('100 %');
    expect(withRow[0]).toContain('with rate-limit filter');
    expect(withRow[3]).toBe('10');
    expect(withRow[8]).toMatch(/^429 × \d+, 200 × 10$/);
    expect(Number(withRow[5])).toBe(Number(/^429 × (\d+)/.exec(withRow[8]!)![1]));

    await compare.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await saveInBothSchemes(page, 'filter-demo-compared', async (scheme) => {
      expect(await outcomes.isVisible()).toBe(true);
      expect(await compare.locator('.recharts-line-curve').count()).toBeGreaterThanOrEqual(2); // percentile curves overlaid
      await expectDarkAndLight(scheme);
    });
  });

  it('opens one run’s result: status codes, percentiles and the latency charts', async () => {
    await page.getByRole('button', { name: 'Close comparison' }).click();
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.getByRole('button', { name: 'Image Hub /pull, sandbox with rate-limit filter', exact: true }).click();
    const run = page.locator('[aria-label="Run"]');
    const codes = run.getByRole('table', { name: 'Status codes' });
    await expect.poll(() => codes.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await codes.getByText('429', { exact: true }).isVisible()).toBe(true);
    await run.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await saveInBothSchemes(page, 'perf-result', async (scheme) => {
      expect(await run.getByRole('table', { name: 'Latency percentiles' }).isVisible()).toBe(true);
      expect(await run.locator('section[aria-label="Latency by percentile"] .recharts-line-curve').count()).toBeGreaterThanOrEqual(1);
      await expectDarkAndLight(scheme);
    });
    expect(standalone.pageErrors).toEqual([]);
  });

  it('at 1200 px with the Operations drawer docked, the Performance form fits beside it', async () => {
    await page.getByRole('button', { name: /^Operations/ }).click();
    const drawer = page.locator('.MuiDrawer-paper');
    await expect.poll(() => drawer.isVisible(), { timeout: 10_000 }).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));

    // The drawer is docked: the page gives it room instead of lying under it. It slides in, so its right edge
    // reaches the window's only once the transition has ended.
    await expect
      .poll(async () => {
        const box = await drawer.boundingBox();
        return box ? Math.round(box.x + box.width) : null;
      }, { timeout: 5_000 })
      .toBe(1200);
    const drawerBox = (await drawer.boundingBox())!;
    const form = page.getByRole('form', { name: 'Load test' });
    const formBox = (await form.boundingBox())!;
    expect(formBox.x + formBox.width).toBeLessThanOrEqual(drawerBox.x + 1);

    // Nothing in the form is wider than its box, no control sticks out of the form, the page does not scroll sideways.
    const overflow = await form.evaluate((element) => {
      const all = Array.from(element.querySelectorAll<HTMLElement>('*'));
      const wider = all
        // MUI's switches and checkboxes let their invisible native input spill over the thumb by design.
        .filter((child) => !child.matches('.MuiSwitch-switchBase, .MuiCheckbox-root, .MuiRadio-root'))
        .filter((child) => child.clientWidth > 0 && child.scrollWidth > child.clientWidth + 1 && getComputedStyle(child).overflowX === 'visible')
        .map((child) => `${child.tagName.toLowerCase()}.${child.className.toString().split(' ')[0]} ${child.scrollWidth}>${child.clientWidth}`);
      const formRight = element.getBoundingClientRect().right;
      const outside = Array.from(element.querySelectorAll<HTMLElement>('input, button, label'))
        .filter((child) => child.getBoundingClientRect().right > formRight + 1)
        .map((child) => child.textContent || child.getAttribute('aria-label') || child.tagName);
      return {
        formFits: element.scrollWidth <= element.clientWidth,
        wider,
        outside,
        pageFits: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      };
    });
    expect(overflow).toEqual({ formFits: true, wider: [], outside: [], pageFits: true });
    await saveScreenshot(page, 'layout-performance-docked-1200');
    expect(standalone.pageErrors).toEqual([]);
  });
});
