import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startBackend, type RunningBackend } from '../integration/backendProcess';

/** Debian's Chromium (never a downloaded browser); CHROMIUM_PATH points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const builtIndex = join(dirname(fileURLToPath(import.meta.url)), '../dist/index.html');

export interface StandaloneOptions {
  /** More server arguments, after `--data` and `--urls`. */
  extraArgs?: string[];
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  colorScheme?: 'light' | 'dark';
}

/** The backend in standalone mode serving the built UI, and a Chromium page to drive it. */
export interface Standalone {
  backend: RunningBackend;
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page so far: a test ends by expecting none. */
  pageErrors: string[];
  /** Closes the browser, stops the backend and removes the browser profile. */
  stop: () => Promise<void>;
}

/**
 * Every browser test starts here: the real backend as `make run` starts it (fresh data folder, loopback port),
 * checked to serve this ui/dist build, then headless Chromium with its own profile. Call it in `beforeAll` and
 * `stop()` in `afterAll`.
 */
export async function startStandalone(options: StandaloneOptions = {}): Promise<Standalone> {
  if (!existsSync(chromiumPath)) throw new Error(`No Chromium at ${chromiumPath}: install Debian's \`chromium\` package (.ci/run does).`);
  const backend = await startBackend({ urls: true, extraArgs: options.extraArgs }, async (started) => (await fetch(`${started.baseUrl}/api/health`)).ok);
  const baseUrl = backend.baseUrl!;
  let profileDir: string | undefined;
  let context: BrowserContext | undefined;
  const stop = async () => {
    await context?.close();
    await backend.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  };
  try {
    // The server copies ui/dist into its wwwroot when it is built: make sure this run tests this UI, not an older one.
    const served = await (await fetch(`${baseUrl}/`)).text();
    if (served !== (await readFile(builtIndex, 'utf8'))) {
      throw new Error('The backend serves another UI build than ui/dist: build the backend after `npm run build` (`make test-browser` does).');
    }
    profileDir = await mkdtemp(join(tmpdir(), 'meshdock-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: options.viewport ?? { width: 1280, height: 900 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      colorScheme: options.colorScheme ?? 'light',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { backend, baseUrl, context, page, pageErrors, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
