import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeshTestbed, type MeshTestbed } from './meshTestbed';
import type { Standalone } from './standalone';

// Installing a mesh from the Meshes page, in Debian's Chromium, against the Kubernetes API emulator with the real
// helm: Istio's charts are swapped for the emulator's test chart through the catalog override.
let standalone: Standalone;
let testbed: MeshTestbed;
let page: Page;

beforeAll(async () => {
  testbed = await startMeshTestbed({ name: 'mesh-ui', viewport: { width: 1400, height: 1000 } });
  ({ standalone } = testbed);
  page = standalone.page;
});

afterAll(async () => {
  await testbed?.stop();
});

describe('Installing a mesh from the Meshes page', () => {
  it('checks the node first, then shows the pods coming up until the mesh is installed', async () => {
    await page.goto(`${standalone.baseUrl}/`);
    await page.getByRole('tab', { name: 'Meshes' }).click();
    const card = page.getByRole('region', { name: 'Istio', exact: true });
    await expect.poll(() => card.getByRole('status', { name: 'State: Not installed' }).isVisible(), { timeout: 30_000 }).toBe(true);

    await card.getByRole('button', { name: 'Install' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Istio 0.1.0?' });
    const checks = dialog.getByRole('list', { name: 'Pre-flight checks' });
    await expect.poll(() => checks.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await checks.textContent()).toContain('Kubernetes 1.32');
    await dialog.getByRole('button', { name: 'Install' }).click();

    const progress = card.getByRole('region', { name: 'Operation progress' });
    const pods = progress.getByRole('table', { name: 'Pod readiness' });
    await expect.poll(() => pods.isVisible(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => progress.getByRole('status').textContent(), { timeout: 60_000 }).toBe('succeeded');
    expect(await pods.textContent()).toMatch(/istiod-control-plane-[a-z0-9-]+Ready/);
    expect(await progress.getByRole('log', { name: 'Event log' }).textContent()).toContain('STATUS: deployed');
    await expect.poll(() => card.getByRole('status', { name: 'State: Installed' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await card.getByRole('status', { name: 'State: Installed' }).textContent()).toBe('Installed 0.1.0');
    expect(standalone.pageErrors).toEqual([]);
  });
});
