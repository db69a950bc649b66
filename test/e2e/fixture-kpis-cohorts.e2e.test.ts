/**
 * The Customer Cohorts dashboard of the hand-made fixture landing, and its dashboards without scores,
 * in a real browser from file://. The cohort figures are worked out by hand from the fixture's order
 * files (test/fixtures/crm-landing/raw/orders, latest version of each order):
 * - O1: A1, ordered 2026-02-10, delivered, 2 × 1,200 less 10% = 2,160.
 * - O2: A2, ordered 2026-03-06, delivered, 3 × 250 less 12.5% = 656.25.
 * - O3: A1, ordered 2026-03-09, cancelled: no revenue.
 * First-order cohorts: February 2026 = A1 (1 customer, month 0 revenue 2,160); March 2026 = A2 (1, 656.25).
 * The fixture site is built without the score step (its history is too short to fit the models).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { heatmapCells } from './dashboard-heatmap-probe.ts';
import { openDashboard } from './dashboard-pages.ts';
import { probeCharts } from './dashboard-probes.ts';
import { e2eFixtureSite } from './e2e-site.ts';

const site = e2eFixtureSite();
const dashboardsDir = join(site.docsDir, 'dashboards');

let browser: LaunchedBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('Customer Cohorts dashboard of the fixture landing', () => {
  it('draws the retention triangle with the cells worked out by hand from the order files', async () => {
    const { page, problems } = await openDashboard(browser, dashboardsDir, 'customer_cohorts_dashboard.html');
    try {
      expect(problems).toEqual([]);
      const charts = await probeCharts(page, '[data-chart]');
      expect(charts.map((chart) => chart.id)).toEqual(['customer_retention_triangle', 'revenue_retention_triangle']);
      // Month 0 of each cohort: every customer buys (1 / 1) and the revenue is month 0's own (NRR 1).
      // February's month 1 (March): A1's only March order, O3, is cancelled: 0 of 1 customers, 0 / 2,160 of the revenue.
      const expected = new Map([
        ['Feb 2026 (1) · 0', 1],
        ['Feb 2026 (1) · 1', 0],
        ['Mar 2026 (1) · 0', 1],
      ]);
      expect(await heatmapCells(page, 'customer_retention_triangle')).toEqual(expected);
      expect(await heatmapCells(page, 'revenue_retention_triangle')).toEqual(expected);
      for (const chart of charts) expect(chart.paintedShare, `${chart.id} canvas painted`).toBeGreaterThan(0.05);
      expect(await page.locator('[data-chart="revenue_retention_triangle"]').getAttribute('aria-label')).toBe('Revenue retention by cohort');
    } finally {
      await page.close();
    }
  });

  it('says why there is no trailing-twelve-month retention instead of drawing an empty chart', async () => {
    const { page } = await openDashboard(browser, dashboardsDir, 'customer_cohorts_dashboard.html');
    try {
      // Revenue begins in February 2026: no month up to March 2026 has revenue 12 to 23 months before it.
      expect(await page.locator('[data-message="retention_ttm"]').textContent()).toContain('trailing-twelve-month retention needs more than a year of orders');
      expect(await page.locator('[data-chart="retention_ttm"]').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});

describe('dashboards of a warehouse built without the score step', () => {
  it('Customer 360 says that there are no scores and how to compute them', async () => {
    const { page, problems } = await openDashboard(browser, dashboardsDir, 'customer_360_view.html');
    try {
      expect(problems).toEqual([]);
      expect(await page.locator('[data-scores-missing]').textContent()).toContain('built without the score step. Run "npx crm-warehouse score" after "build"');
      expect(await page.locator('[data-score]').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('Account Health says so in place of the score panels', async () => {
    const { page, problems } = await openDashboard(browser, dashboardsDir, 'account_health_dashboard.html');
    try {
      expect(problems).toEqual([]);
      expect(await page.locator('[data-message="churn_and_upsell_scores"]').textContent()).toContain('built without the score step');
      expect(await page.locator('[data-chart="score_distribution"], [data-table="highest_churn_risk"]').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});
