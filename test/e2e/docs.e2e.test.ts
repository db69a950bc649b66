/**
 * The docs site in a real browser (Debian's chromium driven by playwright-core), opened from
 * file:// as a user would after `npm start`: global-setup.ts has generated and built a small
 * warehouse and run `crm-warehouse docs`; this test follows the lineage graph and the column
 * lineage links. Screenshots go to target/screenshots/ for people to look at.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../lib/plan/plan.ts';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { e2eSite } from './e2e-site.ts';

const SCREENSHOTS = resolve(import.meta.dirname, '..', '..', 'target', 'screenshots');
const site = e2eSite();
const docs = site.docsDir;

let browser: LaunchedBrowser;
let page: Page;
let plan: Plan;
const pageErrors: string[] = [];

function fileUrl(sitePath: string, anchor?: string): string {
  const url = pathToFileURL(join(docs, sitePath)).href;
  return anchor === undefined ? url : `${url}#${anchor}`;
}

async function screenshot(name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  plan = JSON.parse(readFileSync(join(site.targetDir, 'manifest.json'), 'utf8')) as Plan;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('docs site in a browser', () => {
  it('draws the lineage graph with every source, model and exposure of the plan', async () => {
    await page.goto(fileUrl('index.html'));
    const graph = page.locator('svg.lineage-graph');
    await expect.poll(() => graph.count()).toBe(1);
    const box = await graph.boundingBox();
    expect(box?.width).toBeGreaterThan(800);
    expect(box?.height).toBeGreaterThan(300);
    const nodes = page.locator('svg.lineage-graph .lineage-node');
    expect(await nodes.count()).toBe(plan.sources.length + plan.models.length + plan.exposures.length);
    const parents = [...plan.models, ...plan.exposures].reduce((sum, node) => sum + node.dependsOn.models.length + node.dependsOn.sources.length, 0);
    expect(await page.locator('svg.lineage-graph .lineage-edge').count()).toBe(parents);
    // Every node is really drawn, inside the drawing.
    for (const index of [0, plan.sources.length, (await nodes.count()) - 1]) {
      const nodeBox = await nodes.nth(index).boundingBox();
      expect(nodeBox?.width).toBeGreaterThan(50);
      expect(nodeBox?.y).toBeGreaterThanOrEqual(box?.y ?? 0);
    }
    expect(await page.locator('.stat-tallies .status-pass').count()).toBe(1);
    await screenshot('docs-lineage');
    expect(pageErrors).toEqual([]);
  });

  it('traces a node path on hover, filters layers and finds nodes', async () => {
    await page.goto(fileUrl('index.html'));
    await page.hover('.lineage-node[data-id="model.crm.fact_deals"]');
    await expect.poll(() => page.locator('svg.lineage-graph.is-tracing').count()).toBe(1);
    expect(await page.locator('.lineage-node.is-on-path[data-id="source.crm.deals"]').count()).toBe(1);
    expect(await page.locator('.lineage-node.is-on-path[data-id="source.crm.tickets"]').count()).toBe(0);
    await screenshot('docs-lineage-trace');
    await page.mouse.move(5, 5);

    const marts = plan.models.filter((model) => model.layer === 'marts').length;
    await page.locator('.layer-filter', { hasText: 'Marts' }).locator('input').uncheck();
    expect(await page.locator('.lineage-node:visible').count()).toBe(plan.sources.length + plan.models.length + plan.exposures.length - marts);
    await page.locator('.layer-filter', { hasText: 'Marts' }).locator('input').check();

    await page.fill('#graph-search', 'fact_');
    const facts = plan.models.filter((model) => model.name.startsWith('fact_')).length;
    expect(await page.locator('.lineage-node.is-match').count()).toBe(facts);
    await expect.poll(() => page.textContent('#graph-match-count')).toBe(`${facts} of ${plan.sources.length + plan.models.length + plan.exposures.length}`);
    await page.fill('#graph-search', '');
    expect(pageErrors).toEqual([]);
  });

  it('opens a model page by clicking its node', async () => {
    await page.goto(fileUrl('index.html'));
    await page.click('.lineage-node[data-id="model.crm.fact_deals"]');
    await page.waitForURL(/\/models\/fact_deals\.html$/);
    expect(await page.textContent('h1')).toBe('fact_deals');
    expect(await page.textContent('.facts')).toContain('one row per deal');
    // Test results from the build: every test of the model has a status, none "not run yet".
    expect(await page.locator('#tests .tests-table tbody .badge').count()).toBeGreaterThan(5);
    expect(await page.locator('#tests .tests-table .status-none').count()).toBe(0);
    await screenshot('docs-model-fact_deals');
    await page.locator('#tests').scrollIntoViewIfNeeded();
    await screenshot('docs-model-fact_deals-tests');
  });

  it('follows a column upstream, model by model, to the source column', async () => {
    await page.goto(fileUrl('models/fact_deals.html', 'column-amount'));
    const upstream = page.locator('#column-amount a.column-link[data-column="amount"]').first();
    expect(await upstream.getAttribute('href')).toBe('stg_crm_deals.html#column-amount');
    await upstream.scrollIntoViewIfNeeded();
    await screenshot('docs-column-lineage');
    await upstream.click();
    await page.waitForURL(/\/models\/stg_crm_deals\.html#column-amount$/);
    expect(await page.locator(':target').getAttribute('id')).toBe('column-amount');
    const toSource = page.locator('#column-amount a.column-link[data-node="source.crm.deals"]');
    expect(await toSource.getAttribute('href')).toBe('../sources/crm.deals.html#column-amount');
    await toSource.click();
    await page.waitForURL(/\/sources\/crm\.deals\.html#column-amount$/);
    expect(await page.textContent('h1')).toBe('crm.deals');
    expect(await page.locator(':target').getAttribute('id')).toBe('column-amount');
    await screenshot('docs-source-crm.deals');
  });

  it('finds a column from the search box and opens its row', async () => {
    await page.goto(fileUrl('index.html'));
    await page.fill('#site-search', 'win_rate_by_count');
    await expect.poll(() => page.locator('#site-search-results a').count()).toBeGreaterThan(0);
    expect(await page.locator('#site-search-results a').first().textContent()).toContain('win_rate_by_count');
    await screenshot('docs-search');
    await page.press('#site-search', 'Enter');
    await page.waitForURL(/\/models\/mart_[a-z_]+\.html#column-win_rate_by_count$/);
    expect(await page.locator(':target').getAttribute('id')).toBe('column-win_rate_by_count');
  });

  it('shows an exposure with its owner, its marts and the link to its dashboard', async () => {
    await page.goto(fileUrl('exposures/sales_pipeline_dashboard.html'));
    expect(await page.textContent('h1')).toBe('Sales Pipeline Dashboard');
    expect(await page.textContent('.facts')).toContain('Sales Operations');
    const exposure = plan.exposures.find((candidate) => candidate.name === 'sales_pipeline_dashboard');
    expect(await page.locator('#depends-on tbody tr').count()).toBe(exposure?.dependsOn.models.length);
    const dashboard = page.locator('a.button', { hasText: 'Open the dashboard' });
    expect(await dashboard.getAttribute('href')).toBe('../dashboards/sales_pipeline_dashboard.html');
    expect(existsSync(join(docs, 'dashboards', 'sales_pipeline_dashboard.html'))).toBe(true);
    await screenshot('docs-exposure-sales_pipeline_dashboard', true);
    expect(pageErrors).toEqual([]);
  });
});
