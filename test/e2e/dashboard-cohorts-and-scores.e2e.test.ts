/**
 * The Customer Cohorts dashboard and the churn and upsell scores, on the generated site (scored after
 * its build, as npm start does), in a real browser: the retention figures the page draws equal the ones
 * worked out here in TypeScript from the orders of fact_orders (not by the marts' SQL), and the scores
 * the pages show equal mart_account_scores, banded by the rule written out here.
 */
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMonth, formatValue } from '../../lib/dashboards/format/value-format.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { heatmapCells } from './dashboard-heatmap-probe.ts';
import { openDashboard, showAccount } from './dashboard-pages.ts';
import { probeCharts } from './dashboard-probes.ts';
import { e2eSite } from './e2e-site.ts';

const site = e2eSite();
const dashboardsDir = join(site.docsDir, 'dashboards');

let browser: LaunchedBrowser;
let warehouse: DuckDbEngine;

beforeAll(async () => {
  [browser, warehouse] = await Promise.all([launchBrowser(), DuckDbEngine.open({ path: site.database, concurrency: 1 })]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), warehouse?.close()]);
});

/** A month as a number (year × 12 + month − 1) and back to its label. */
function monthIndex(isoDate: string): number {
  return Number(isoDate.slice(0, 4)) * 12 + Number(isoDate.slice(5, 7)) - 1;
}

function monthLabel(index: number): string {
  return formatMonth(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`);
}

/** Revenue by account and month: net amounts of orders up to the run date, not cancelled or returned, with an account. */
async function revenueByAccountMonth(): Promise<Map<string, Map<number, number>>> {
  const orders = await warehouse.query(
    'select account_id, cast(order_date as varchar) as order_date, net_amount, is_cancelled_or_returned from analytics.fact_orders where account_id is not null',
  );
  const revenue = new Map<string, Map<number, number>>();
  for (const order of orders) {
    if (order.is_cancelled_or_returned === true || String(order.order_date) > site.runDate) continue;
    const months = revenue.get(String(order.account_id)) ?? new Map<number, number>();
    const month = monthIndex(String(order.order_date));
    months.set(month, (months.get(month) ?? 0) + Number(order.net_amount));
    revenue.set(String(order.account_id), months);
  }
  return revenue;
}

describe('Customer Cohorts dashboard, against the orders', () => {
  let page: Page;
  let problems: string[];
  let revenue: Map<string, Map<number, number>>;

  beforeAll(async () => {
    [{ page, problems }, revenue] = await Promise.all([openDashboard(browser, dashboardsDir, 'customer_cohorts_dashboard.html'), revenueByAccountMonth()]);
  });

  afterAll(async () => {
    await page?.close();
  });

  it("shows the run date's month's trailing-twelve-month NRR, GRR and logo retention worked out from the orders", async () => {
    expect(problems).toEqual([]);
    const month = monthIndex(site.runDate);
    let starting = 0;
    let current = 0;
    let retained = 0;
    let customers = 0;
    let kept = 0;
    for (const months of revenue.values()) {
      let before = 0;
      let after = 0;
      for (const [index, amount] of months) {
        if (index >= month - 23 && index <= month - 12) before += amount;
        if (index >= month - 11 && index <= month) after += amount;
      }
      if (before <= 0) continue;
      customers += 1;
      if (after > 0) kept += 1;
      starting += before;
      current += after;
      retained += Math.min(before, after);
    }
    expect(customers, 'the generated history has customers a year before the run date').toBeGreaterThan(0);
    const tile = async (id: string): Promise<number> => Number(await page.locator(`[data-kpi="${id}"]`).getAttribute('data-value'));
    // The mart rounds to four places.
    expect(await tile('net_revenue_retention_ttm')).toBeCloseTo(current / starting, 3);
    expect(await tile('gross_revenue_retention_ttm')).toBeCloseTo(retained / starting, 3);
    expect(await tile('logo_retention_ttm')).toBeCloseTo(kept / customers, 3);
    expect(Number(await page.locator('[data-kpi="net_revenue_retention_ttm"] .kpi-detail').getAttribute('data-detail-value'))).toBe(customers);
    const [line] = await probeCharts(page, '[data-chart="retention_ttm"]');
    expect(line?.firstSeriesValues.at(-1)).toBeCloseTo(current / starting, 3);
  });

  it('draws the oldest cohort shown and its next month with the customer and revenue retention worked out from the orders', async () => {
    const customerCells = await heatmapCells(page, 'customer_retention_triangle');
    const revenueCells = await heatmapCells(page, 'revenue_retention_triangle');
    const firstMonths = new Map([...revenue].map(([account, months]) => [account, Math.min(...months.keys())]));
    const oldestShown = Math.min(...[...customerCells.keys()].map((name) => monthIndex(dateOfLabel(name))));
    const cohort = [...firstMonths].filter(([, first]) => first === oldestShown).map(([account]) => account);
    const inMonth = (account: string, month: number): number => revenue.get(account)?.get(month) ?? 0;
    const label = `${monthLabel(oldestShown)} (${cohort.length})`;
    for (const monthsSince of [0, 1]) {
      const month = oldestShown + monthsSince;
      const active = cohort.filter((account) => inMonth(account, month) > 0).length;
      const cohortRevenue = cohort.reduce((sum, account) => sum + inMonth(account, month), 0);
      const initialRevenue = cohort.reduce((sum, account) => sum + inMonth(account, oldestShown), 0);
      expect(customerCells.get(`${label} · ${monthsSince}`), `customer retention, ${label} month ${monthsSince}`).toBeCloseTo(active / cohort.length, 3);
      expect(revenueCells.get(`${label} · ${monthsSince}`), `revenue retention, ${label} month ${monthsSince}`).toBeCloseTo(cohortRevenue / initialRevenue, 3);
    }
  });

  it('shows the definitions of every figure', async () => {
    const terms = await page.locator('[data-definitions="cohort_definitions"] dt').allTextContents();
    expect(terms).toEqual(
      expect.arrayContaining(['Customer retention', 'Revenue retention (cohort NRR)', 'Net revenue retention (NRR), TTM', 'Gross revenue retention (GRR), TTM']),
    );
  });
});

/** `Dec 2024 (28) · 3` → `2024-12-01`. */
function dateOfLabel(name: string): string {
  const match = /^([A-Z][a-z]{2}) (\d{4}) /.exec(name);
  if (!match) throw new Error(`heat table cell '${name}' does not start with a month`);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(match[1] ?? '') + 1;
  return `${match[2]}-${String(month).padStart(2, '0')}-01`;
}

/** The bands as the README states them: high from 50%, medium from 25%. */
function band(probability: number): string {
  if (probability >= 0.5) return 'High';
  return probability >= 0.25 ? 'Medium' : 'Low';
}

describe('churn and upsell scores', () => {
  it("shows an account's churn and upsell probability with its band on Customer 360", async () => {
    const [account] = await warehouse.query(
      'select account_id, churn_probability, upsell_probability from marts.mart_account_scores order by churn_probability desc, account_id limit 1',
    );
    const { page, problems } = await openDashboard(browser, dashboardsDir, 'customer_360_view.html');
    try {
      await showAccount(page, String(account?.account_id));
      expect(problems).toEqual([]);
      for (const target of ['churn', 'upsell'] as const) {
        const probability = Number(account?.[`${target}_probability`]);
        const score = page.locator(`[data-score="${target}"]`);
        expect(await score.locator('[data-score-value]').textContent(), target).toBe(formatValue(probability, 'percent'));
        expect(await score.locator('[data-score-band]').textContent(), target).toBe(band(probability));
      }
      expect(await page.locator('[data-scores-missing]').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('lists on Account Health the customers of the last 180 days with the highest churn probability', async () => {
    const scored = await warehouse.query(
      'select s.account_id, s.churn_probability, h.account_name, h.revenue_last_90_days + h.revenue_previous_90_days as recent_revenue ' +
        'from marts.mart_account_scores as s inner join marts.mart_account_health as h on h.account_id = s.account_id',
    );
    const recent = scored.filter((row) => Number(row.recent_revenue) > 0).sort((a, b) => Number(b.churn_probability) - Number(a.churn_probability));
    const { page, problems } = await openDashboard(browser, dashboardsDir, 'account_health_dashboard.html');
    try {
      expect(problems).toEqual([]);
      const rows = await page.locator('[data-table="highest_churn_risk"] tbody tr').evaluateAll((trs) =>
        trs.map((tr) => {
          const row = tr as unknown as {
            querySelector(selector: string): { getAttribute(name: string): string | null } | null;
            querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
          };
          return { href: row.querySelector('a')?.getAttribute('href') ?? '', cells: Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent ?? '') };
        }),
      );
      expect(rows).toHaveLength(Math.min(15, recent.length));
      const probabilities = new Map(recent.map((row) => [String(row.account_id), Number(row.churn_probability)]));
      const listed = rows.map(({ href }) => probabilities.get(decodeURIComponent(href.replace(/^customer_360_view\.html#/, ''))));
      expect(listed.every((probability) => probability !== undefined), 'every account listed is a customer of the last 180 days').toBe(true);
      // Highest first, and nobody left out scores higher than the last one listed.
      expect(listed).toEqual([...listed].sort((a, b) => (b ?? 0) - (a ?? 0)));
      expect(listed[0]).toBe(Number(recent[0]?.churn_probability));
      expect(listed.at(-1)).toBe(Number(recent[rows.length - 1]?.churn_probability));
      rows.forEach(({ cells }, index) => {
        expect(cells[2], String(cells[0])).toBe(formatValue(listed[index] ?? null, 'percent'));
        expect(cells[3], String(cells[0])).toBe(band(listed[index] ?? 0));
      });
    } finally {
      await page.close();
    }
  });
});
