import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeshTestbed, type MeshTestbed } from './meshTestbed';
import type { Standalone } from './standalone';

// A mesh install that fails (the emulator's node cannot pull the control plane's image): the card keeps the cause
// after a reload and offers Retry and Uninstall. That Retry then succeeds is checked against the API
// (MeshesApiTests), where the test can heal the fault; this emulator process keeps it.
let standalone: Standalone;
let testbed: MeshTestbed;
let page: Page;

beforeAll(async () => {
  testbed = await startMeshTestbed({ name: 'mesh-failure', emulatorArgs: ['--ready-delay', '500', '--fail-pod-prefix', 'istiod-control-plane'], viewport: { width: 1280, height: 900 } });
  ({ standalone } = testbed);
  page = standalone.page;
});

afterAll(async () => {
  await testbed?.stop();
});

describe('A failed mesh install', () => {
  it('keeps its cause on the card after a reload, with Retry and Uninstall', async () => {
    await page.goto(`${standalone.baseUrl}/#/meshes`);
    const card = page.getByRole('region', { name: 'Istio', exact: true });
    await expect.poll(() => card.getByRole('status', { name: 'State: Not installed' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await card.getByRole('button', { name: 'Install' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Istio 0.1.0?' });
    await expect.poll(() => dialog.getByRole('list', { name: 'Pre-flight checks' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Install' }).click();

    const progress = card.getByRole('region', { name: 'Operation progress' });
    await expect.poll(() => progress.getByRole('status').textContent(), { timeout: 60_000 }).toBe('failed');
    // The toast says what failed, not only "Failed."
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'ImagePullBackOff' }).count(), { timeout: 10_000 }).toBeGreaterThan(0);

    await page.reload();
    const cause = card.getByRole('alert', { name: 'Last failure' });
    await expect.poll(() => cause.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await cause.textContent()).toMatch(/^Installing Istio 0\.1\.0 failed: Pod istiod-control-plane-[a-z0-9-]+ in istio-system cannot pull its image \(ImagePullBackOff/);
    expect(await card.getByRole('status', { name: 'State: Degraded' }).isVisible()).toBe(true);
    expect(await card.getByRole('button', { name: 'Retry' }).isEnabled()).toBe(true);
    const uninstall = card.getByRole('button', { name: 'Uninstall' });
    expect(await uninstall.isEnabled()).toBe(true);

    // Uninstall clears the way: the mesh is gone and so is the failure.
    await uninstall.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Uninstall' }).click();
    await expect.poll(() => card.getByRole('status', { name: 'State: Not installed' }).isVisible(), { timeout: 60_000 }).toBe(true);
    await page.reload();
    await expect.poll(() => card.getByRole('status', { name: 'State: Not installed' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await card.getByRole('alert', { name: 'Last failure' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Install' }).isEnabled()).toBe(true);
    expect(standalone.pageErrors).toEqual([]);
  });
});
