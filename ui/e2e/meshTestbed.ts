import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmPath, startEmulator, testChart, type RunningEmulator } from '../integration/emulatorProcess';
import { startStandalone, type Standalone, type StandaloneOptions } from './standalone';

/** The Kubernetes API emulator and a standalone Meshdock whose Istio is the emulator's small test chart. */
export interface MeshTestbed {
  emulator: RunningEmulator;
  standalone: Standalone;
  /** A temporary folder for the test's own files, removed by `stop`. */
  folder: string;
  stop(): Promise<void>;
}

export interface MeshTestbedOptions extends Pick<StandaloneOptions, 'viewport' | 'deviceScaleFactor'> {
  /** Names the temporary folder, so a leftover says which test left it. */
  name: string;
  emulatorArgs?: string[];
  /** Start Meshdock with no cluster (a kubeconfig path that does not exist yet), as on a newcomer's machine. */
  noCluster?: boolean;
  /** More Meshdock options (`--Section:Key`, value), after the testbed's own. */
  serverArgs?: string[];
}

/**
 * What the mesh browser tests share: helm is required (the install runs the real CLI), Istio's charts are swapped for
 * the emulator's test chart, and its health check waits for the chart's one Deployment.
 */
export async function startMeshTestbed(options: MeshTestbedOptions): Promise<MeshTestbed> {
  if (!existsSync(helmPath)) throw new Error(`No helm at ${helmPath}: run \`make tools/helm\` (or set MESHDOCK_HELM).`);
  const emulator = await startEmulator(options.emulatorArgs);
  const folder = await mkdtemp(join(tmpdir(), `meshdock-${options.name}-`));
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
  const standalone = await startStandalone({
    extraArgs: [
      '--Cluster:Kubeconfig', options.noCluster ? join(folder, 'no-kubeconfig-yet') : emulator.kubeconfig,
      '--Cluster:InContainer', 'false',
      '--Helm:Path', helmPath,
      '--Helm:Home', join(folder, 'helm'),
      '--Meshes:CatalogOverride', override,
      ...(options.serverArgs ?? []),
    ],
    viewport: options.viewport,
    deviceScaleFactor: options.deviceScaleFactor,
  });
  return {
    emulator,
    standalone,
    folder,
    async stop() {
      await standalone.stop();
      await emulator.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
