import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Where the browser tests save their pictures. Every run takes them (so `make test` exercises the capture and the
 * assertions before it), but only `make screenshots` points this at docs/screenshots/: PNG bytes change from run to
 * run (anti-aliasing, timings, generated pod names) even when nothing changed visually, so writing into the
 * repository on every test run would leave a dirty tree. Regenerating the committed pictures is a deliberate step.
 */
export const screenshotDir = resolve(process.env.MESHDOCK_SCREENSHOTS_DIR ?? join(tmpdir(), 'meshdock-screenshots'));

/**
 * The Marketplace's recommended size is 2400×1600: a 1200×800 window at a device scale of 2. At 1200 px the Operations
 * drawer docks beside the page, as it does in a maximised Docker Desktop window.
 */
export const marketplaceWindow = { viewport: { width: 1200, height: 800 }, deviceScaleFactor: 2 } as const;

export type ColorScheme = 'light' | 'dark';

/** Saves the page as `<name>.png`; returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  // No pointer hover (chart tooltips) and no passing toast over the subject.
  await page.mouse.move(0, 0);
  const toasts = page.locator('.MuiSnackbar-root').getByRole('button', { name: 'Close' });
  while ((await toasts.count()) > 0) {
    // A toast may hide on its own between the count and the click: then there is nothing left to close.
    await toasts.first().click({ timeout: 2_000 }).catch(() => undefined);
    await page.locator('.MuiSnackbar-root').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  }
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

/**
 * Saves `<name>-light.png` and `<name>-dark.png`: the theme follows prefers-color-scheme, so the page switches without
 * a reload. `check` runs in each scheme before its picture, to assert what the picture shows. Leaves the page light.
 */
export async function saveInBothSchemes(page: Page, name: string, check: (scheme: ColorScheme) => Promise<void>): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((dark) => window.matchMedia('(prefers-color-scheme: dark)').matches === dark, scheme === 'dark');
    await check(scheme);
    await saveScreenshot(page, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The page's background luminance (0 black … 1 white), to assert a picture really is in the scheme it is named for. */
export async function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const color = getComputedStyle(document.body).backgroundColor;
    const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).map(Number) as [number, number, number];
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
}
