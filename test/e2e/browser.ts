/**
 * The browser the e2e tests drive: Debian's Chromium (/usr/bin/chromium, installed by .ci/run)
 * through playwright-core, headless, with a fresh profile per launch so no state leaks between
 * runs, and with everything that would reach the network at start-up switched off (the tests
 * open file:// pages only).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A desktop the size a sales leader looks at dashboards on. */
export const DESKTOP_VIEWPORT = { width: 1440, height: 900 } as const;

export interface LaunchedBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'crm-chromium-'));
  // launchPersistentContext is how Playwright takes a --user-data-dir; headless adds --headless.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: DESKTOP_VIEWPORT,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
