// Debian's Chromium driven by playwright-core: headless, no sandbox (CI runs as root), no
// network of its own (no updates, sync or QUIC), a fresh profile per run removed afterwards.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Core } from 'cytoscape';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(PRODUCT_ROOT, 'test-output', 'screenshots');

export interface Browser { context: BrowserContext; page: Page; close(): Promise<void> }

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'stegosoc-chromium-'));
  // The profile directory is the --user-data-dir; playwright takes it as an argument of its own.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Writes `test-output/screenshots/NAME.png` for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** What the graph page exposes on `window` (these files have no DOM types: cast `globalThis`). */
export interface GraphWindow { stegosocGraph?: Core }
