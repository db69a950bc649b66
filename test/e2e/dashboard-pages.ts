/**
 * Opening a dashboard page of an exported site from file:// and choosing the account the Customer
 * 360 view shows, for every browser test that reads a dashboard.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { LaunchedBrowser } from './browser.ts';

export interface OpenedDashboard {
  readonly page: Page;
  /** Script errors, console errors and failed loads seen since the page was opened. */
  readonly problems: string[];
}

export function dashboardUrl(dashboardsDir: string, file: string): string {
  return pathToFileURL(join(dashboardsDir, file)).href;
}

/** Opens a page of the dashboards folder, collecting script errors, console errors and failed loads. */
export async function openPage(browser: LaunchedBrowser, dashboardsDir: string, file: string): Promise<OpenedDashboard> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`failed to load ${request.url()}`));
  await page.goto(dashboardUrl(dashboardsDir, file));
  return { page, problems };
}

/** Opens a dashboard and waits until every chart reports it finished. */
export async function openDashboard(browser: LaunchedBrowser, dashboardsDir: string, file: string): Promise<OpenedDashboard> {
  const opened = await openPage(browser, dashboardsDir, file);
  await opened.page.waitForSelector('html[data-charts-ready="true"]', { timeout: 30_000 });
  return opened;
}

/** Shows an account in an open Customer 360 view through the URL, as a link from another dashboard does. */
export async function showAccount(page: Page, accountId: string): Promise<void> {
  await page.evaluate((id) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = encodeURIComponent(id);
  }, accountId);
  await page.waitForFunction((id) => {
    const browser = globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null } | null } };
    return browser.document.querySelector('.profile-id')?.textContent?.startsWith(id) === true;
  }, accountId);
  await page.waitForSelector('html[data-charts-ready="true"]');
}
