import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmPath, startEmulator, testChart, type RunningEmulator } from '../integration/emulatorProcess';
import { startStandalone, type Standalone } from './standalone';

// A mesh install that fails (the emulator's node cannot pull the control plane's image): the card keeps the cause
// after a reload and offers Retry and Uninstall. That Retry then succeeds is checked against the API
// (MeshesApiTests), where the test can heal the fault; this emulator process keeps it.
let emulator: RunningEmulator;
let standalone: Standalone;
let folder: string;
let page: Page;

beforeAll(async () => {
  if (!existsSync(helmPath)) throw new Error(`No helm at ${helmPath}: run \`make tools/helm\` (or set MESHDOCK_HELM).`);
  emulator = await startEmulator(['--ready-delay', '500', '--fail-pod-prefix', 'istiod-control-plane']);
  folder = await mkdtemp(join(tmpdir(), 'meshdock-mesh-failure-'));
  const override = join(folder, 'catalog-override.yaml');
  await writeFile(
    override,
    [
      'meshes:',
      '  - id: istio',
      '    helm:',
      `      charts: [{ chart: "${testChart}", release: istiod }]`,
      '    versions: { default: 0.1.0, selectable: [0.1.0] }',
      '    health: [{ kind: Deployment, name: istiod-control-plane }]',
      '',
    ].join('\n'),
  );
  standalone = await startStandalone({
    extraArgs: [
      '--Cluster:Kubeconfig', emulator.kubeconfig,
      '--Cluster:InContainer', 'false',
      '--Helm:Path', helmPath,
      '--Helm:Home', join(folder, 'helm'),
      '--Meshes:CatalogOverride', override,
    ],
    viewport: { width: 1280, height: 900 },
  });
  page = standalone.page;
});

afterAll(async () => {
  await standalone?.stop();
  await emulator?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
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
