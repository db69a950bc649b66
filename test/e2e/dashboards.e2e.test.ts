/**
 * The dashboards in a real browser, opened from file:// as a user opens the exported site:
 * every chart is drawn with the expected series, every KPI tile shows the value its documented SQL
 * returns from the warehouse (a consistency check: whether those values are right is checked on
 * the hand-made fixture landing by fixture-kpis.e2e.test.ts), the navigation works, and a
 * screenshot of each page is kept in target/screenshots/ for a person to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValue, humanize, type ValueFormat } from '../../lib/dashboards/format/value-format.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Row } from '../../lib/engines/engine.ts';
import { sqlString } from '../../lib/sql/literals.ts';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { dashboardUrl, openDashboard as openDashboardPage, showAccount, type OpenedDashboard } from './dashboard-pages.ts';
import { probeCharts, probeTiles, type TileProbe } from './dashboard-probes.ts';
import { e2eSite } from './e2e-site.ts';

const SCREENSHOTS = resolve(import.meta.dirname, '..', '..', 'target', 'screenshots');
const site = e2eSite();
const dashboardsDir = join(site.docsDir, 'dashboards');

/**
 * Share of a chart's canvas pixels painted when it draws data. Axes, grid lines and labels alone
 * paint about 3% (measured on an account chart with all-zero bars); the sparsest chart with data
 * here paints over 7%.
 */
const PAINTED_SHARE_WITH_DATA = 0.05;

type SeriesExpectation = readonly string[] | ((warehouse: DuckDbEngine) => Promise<string[]>);

interface DashboardExpectation {
  readonly exposure: string;
  readonly label: string;
  readonly kpis: readonly string[];
  /** Chart id → its series names, in order (a function when they depend on the data: compared as sets). */
  readonly charts: Readonly<Record<string, SeriesExpectation>>;
}

async function column(warehouse: DuckDbEngine, sql: string): Promise<string[]> {
  return (await warehouse.query(sql)).map((row) => String(Object.values(row)[0]));
}

const DASHBOARDS: readonly DashboardExpectation[] = [
  {
    exposure: 'sales_pipeline_dashboard',
    label: 'Sales Pipeline Dashboard',
    kpis: ['open_pipeline', 'weighted_pipeline', 'win_rate_12_months', 'average_deal_size_12_months', 'average_sales_cycle_12_months', 'bookings_quarter_to_date'],
    charts: {
      pipeline_trend: ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Weighted pipeline'],
      stage_funnel: ['Deals that reached the stage'],
      pipeline_by_stage: ['Pipeline', 'Weighted pipeline'],
      stage_velocity: ['Days in stage', 'Conversion to next stage'],
      bookings_by_month: ['Bookings', 'Win rate', 'Win rate, trailing 12 months'],
      weekly_deal_flow: ['Created', 'Won', 'Lost'],
    },
  },
  {
    exposure: 'sales_activity_dashboard',
    label: 'Sales Activity Dashboard',
    kpis: ['activities_30_days', 'completion_rate_12_weeks', 'activities_per_rep_week', 'accounts_touched_30_days', 'engaged_deal_win_rate', 'overdue_activities'],
    charts: {
      weekly_activities: ['Calls', 'Emails', 'Meetings', 'Notes', 'Tasks', 'Completion rate'],
      activity_deal_correlation: ['Win rate'],
      rep_activity: ['Activities, last 30 days'],
      daily_completed_activities: ['Completed, 7 days'],
    },
  },
  {
    exposure: 'customer_support_dashboard',
    label: 'Customer Support Dashboard',
    kpis: ['open_backlog', 'sla_compliance_12_weeks', 'first_response_hours_12_weeks', 'resolution_hours_12_weeks', 'tickets_opened_30_days', 'tickets_solved_30_days'],
    charts: {
      weekly_ticket_volume: ['Opened', 'Solved', 'Backlog'],
      backlog_by_priority: ['Open tickets'],
      sla_trend: ['SLA compliance'],
      sla_by_priority: ['SLA compliance'],
      response_times_by_priority: ['First response', 'Resolution'],
      tickets_by_channel: ['Tickets'],
    },
  },
  {
    exposure: 'revenue_analytics_dashboard',
    label: 'Revenue Analytics Dashboard',
    kpis: [
      'revenue_12_months',
      'average_order_value_12_months',
      'fulfillment_rate_12_months',
      'gross_margin_12_months',
      'average_customer_lifetime_value',
      'top_category_12_months',
    ],
    charts: {
      // The five categories with the most revenue in the 12 months to the run date, the rest as Other, and the profit line.
      revenue_by_month: async (warehouse) => {
        const recent = `month_start_date >= date_trunc('month', date ${sqlString(site.runDate)}) - interval 11 month`;
        const top = await column(
          warehouse,
          `select category from marts.mart_revenue where ${recent} group by category order by sum(revenue_amount) desc, category limit 5`,
        );
        const others = await column(warehouse, `select count(*) from marts.mart_revenue where category not in (${top.map(sqlString).join(', ')})`);
        return [...top.map(humanize), ...(Number(others[0]) > 0 ? ['Other'] : []), 'Gross profit'];
      },
      revenue_by_category: ['Revenue'],
      order_value_and_fulfilment: ['Average order value', 'Fulfilment rate'],
      revenue_bridge: ['Base', 'Amount'],
    },
  },
  {
    exposure: 'customer_cohorts_dashboard',
    label: 'Customer Cohorts Dashboard',
    kpis: ['net_revenue_retention_ttm', 'gross_revenue_retention_ttm', 'logo_retention_ttm', 'new_customers_12_months'],
    charts: {
      customer_retention_triangle: ['Customer retention'],
      revenue_retention_triangle: ['Revenue retention'],
      retention_ttm: ['Net revenue retention', 'Gross revenue retention', 'Customers retained'],
    },
  },
  {
    exposure: 'account_health_dashboard',
    label: 'Account Health Dashboard',
    // The last tile is the churn model's: the generated site is scored (global-setup.ts).
    kpis: ['average_health_score', 'critical_accounts', 'high_risk_accounts', 'pipeline_at_risk', 'revenue_at_risk', 'accounts_with_urgent_tickets', 'customers_likely_to_churn'],
    charts: {
      accounts_by_risk_band: ['Accounts'],
      risk_drivers: ['No recent touch', 'Little activity', 'Open urgent tickets', 'SLA breaches', 'Falling revenue'],
      risk_by_segment: async (warehouse) => (await column(warehouse, 'select distinct risk_band from marts.mart_account_health')).map(humanize),
      risk_score_distribution: ['Accounts'],
      last_touch_recency: ['Accounts'],
      // The generated site is scored (global-setup.ts), as npm start does.
      score_distribution: ['Churn', 'Upsell'],
    },
  },
  {
    exposure: 'product_performance_dashboard',
    label: 'Product Performance Dashboard',
    kpis: ['product_revenue', 'gross_margin', 'revenue_90_days', 'low_stock_products', 'out_of_stock_products', 'active_products'],
    charts: {
      top_products: ['Revenue'],
      category_margin: ['Revenue', 'Margin', 'Margin %'],
      units_by_month: async (warehouse) =>
        (
          await column(
            warehouse,
            `select distinct category from marts.mart_revenue where month_start_date in ` +
              `(select month_start_date from marts.mart_revenue group by month_start_date order by month_start_date desc limit 12)`,
          )
        ).map(humanize),
      stock_levels: ['In stock', 'Reorder level'],
    },
  },
  {
    exposure: 'sales_forecast_report',
    label: 'Sales Forecast Report',
    kpis: ['weighted_forecast', 'committed_forecast', 'expected_close_amount', 'slipped_deals', 'won_12_weeks', 'pipeline_change_30_days'],
    charts: {
      weekly_forecast: ['Expected', 'Weighted', 'Committed', 'Won', 'Cumulative weighted'],
      slipped_by_week: ['Overdue amount', 'Overdue deals'],
      pipeline_trend: ['Open pipeline', 'Weighted pipeline'],
      stage_win_rates: ['Historical win rate'],
    },
  },
  {
    exposure: 'customer_360_view',
    label: 'Customer 360 View',
    kpis: ['accounts', 'average_lifetime_value', 'accounts_needing_attention', 'accounts_without_recent_touch'],
    charts: {},
  },
];

const ACCOUNT_TILES = ['lifetime_value', 'open_pipeline', 'won_amount', 'win_rate', 'average_order_value', 'fulfillment_rate', 'activities_90_days', 'days_since_touch', 'open_tickets', 'sla_compliance'];
const ACCOUNT_CHARTS: Record<string, string[]> = {
  account_activity_mix: ['Activities'],
  account_revenue_trend: ['Revenue'],
  account_deal_outcomes: ['Deals'],
};

let browser: LaunchedBrowser;
let warehouse: DuckDbEngine;

beforeAll(async () => {
  [browser, warehouse] = await Promise.all([launchBrowser(), DuckDbEngine.open({ path: site.database, concurrency: 1 })]);
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await Promise.all([browser?.close(), warehouse?.close()]);
});

function pageUrl(file: string): string {
  return dashboardUrl(dashboardsDir, file);
}

function openDashboard(file: string): Promise<OpenedDashboard> {
  return openDashboardPage(browser, dashboardsDir, file);
}

/** The value of a tile's SQL, queried from the DuckDB file the site was exported from. */
async function sqlValue(sql: string): Promise<Row> {
  const rows = await warehouse.query(sql);
  expect(rows, sql).toHaveLength(1);
  return rows[0] as Row;
}

function expectTileMatches(tile: TileProbe, row: Row): void {
  const expected = row.value ?? null;
  const where = `tile ${tile.id}`;
  if (expected === null) {
    expect(tile.value, where).toBe('');
  } else if (typeof expected === 'number') {
    expect(Number(tile.value), where).toBeCloseTo(expected, 6);
  } else {
    expect(tile.value, where).toBe(String(expected));
  }
  expect(tile.text, where).toBe(formatValue(expected, tile.format as ValueFormat));
  if (tile.detailFormat !== null) {
    const detail = row.detail ?? null;
    expect(tile.detailValue === '' ? null : Number(tile.detailValue), `${where} detail`).toBe(detail === null ? null : Number(detail));
    if (detail !== null) expect(tile.detailText, `${where} detail`).toMatch(new RegExp(`^${escapeRegExp(formatValue(detail, tile.detailFormat as ValueFormat))} `));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe.each(DASHBOARDS)('$label', (dashboard) => {
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ page, problems } = await openDashboard(`${dashboard.exposure}.html`));
  });

  afterAll(async () => {
    await page?.close();
  });

  it('loads from file:// without script errors, naming the run date and the export time', async () => {
    expect(problems).toEqual([]);
    expect(await page.locator('h1').textContent()).toBe(dashboard.label);
    expect(await page.locator('[data-run-date]').getAttribute('data-run-date')).toBe(site.runDate);
    const exportedAt = Date.parse((await page.locator('[data-exported-at]').getAttribute('data-exported-at')) ?? '');
    expect(Date.now() - exportedAt).toBeGreaterThanOrEqual(0);
    expect(Date.now() - exportedAt).toBeLessThan(60 * 60 * 1000);
  });

  it('draws every chart, non-empty, with the expected series', async () => {
    const charts = await probeCharts(page, '[data-chart]');
    expect(charts.map((chart) => chart.id)).toEqual(Object.keys(dashboard.charts));
    for (const chart of charts) {
      const expectation = dashboard.charts[chart.id] as SeriesExpectation;
      if (typeof expectation === 'function') {
        expect([...chart.seriesNames].sort(), chart.id).toEqual([...(await expectation(warehouse))].sort());
      } else {
        expect(chart.seriesNames, chart.id).toEqual(expectation);
      }
      expect(chart.dataCounts.every((count) => count > 0), `${chart.id} has data in every series`).toBe(true);
      expect(chart.firstSeriesValues.some((value) => value !== null && value !== 0), `${chart.id} draws non-zero values`).toBe(true);
      expect(chart.paintedShare, `${chart.id} canvas painted`).toBeGreaterThan(PAINTED_SHARE_WITH_DATA);
    }
  });

  it('shows each KPI tile with the value its documented SQL returns from the warehouse', async () => {
    const tiles = await probeTiles(page, '.kpis:not(.account-kpis)');
    expect(tiles.map((tile) => tile.id)).toEqual(dashboard.kpis);
    for (const tile of tiles) {
      expect(tile.sql, `tile ${tile.id} documents its SQL`).toMatch(/^(with|select) /);
      expectTileMatches(tile, await sqlValue(tile.sql));
    }
  });

  it('links to every dashboard, the dashboards index and the docs pages of its exposure and marts', async () => {
    const hrefs = await page.locator('nav.dashboard-nav a').evaluateAll((links) => links.map((link) => (link as unknown as { getAttribute(name: string): string }).getAttribute('href')));
    expect(hrefs).toEqual(DASHBOARDS.map((other) => `${other.exposure}.html`));
    expect(await page.locator('nav.dashboard-nav a[aria-current="page"]').getAttribute('href')).toBe(`${dashboard.exposure}.html`);
    const docsLinks = [
      '../index.html',
      'index.html',
      `../exposures/${dashboard.exposure}.html`,
      ...(await page.locator('.about a[href^="../models/"]').evaluateAll((links) => links.map((link) => (link as unknown as { getAttribute(name: string): string }).getAttribute('href')))),
    ];
    for (const href of docsLinks) {
      expect(await page.locator(`a[href="${href}"]`).count(), `link ${href}`).toBeGreaterThan(0);
      expect(existsSync(resolve(dashboardsDir, href)), `${href} exists`).toBe(true);
    }
  });

  it('is saved as a screenshot in target/screenshots/', async () => {
    const path = join(SCREENSHOTS, `${dashboard.exposure}.png`);
    await page.screenshot({ path, fullPage: true });
    expect(existsSync(path)).toBe(true);
  });
});

describe('navigation', () => {
  it('goes from the dashboards index to each dashboard and back to the docs site', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(pageUrl('index.html'));
      const cards = page.locator('a.index-card');
      expect(await cards.count()).toBe(DASHBOARDS.length);
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboards_index.png'), fullPage: true });
      for (const dashboard of DASHBOARDS) {
        await page.locator(`a.index-card[data-dashboard="${dashboard.exposure}"]`).click();
        // Wait for the dashboard itself, then return by loading the index: a history step back to a
        // file:// page once stalled a whole CI run, where a load answers or times out.
        await page.waitForURL(`**/${dashboard.exposure}.html`, { timeout: 20_000 });
        expect(await page.locator('h1').textContent()).toBe(dashboard.label);
        await page.goto(pageUrl('index.html'), { timeout: 20_000 });
      }
      await page.goto(pageUrl('sales_pipeline_dashboard.html'));
      await page.locator('nav.dashboard-nav a', { hasText: 'Forecast' }).click();
      expect(await page.locator('h1').textContent()).toBe('Sales Forecast Report');
      await page.locator('a.docs-link').click();
      expect(fileURLToPath(page.url())).toBe(join(site.docsDir, 'index.html'));
    } finally {
      await page.close();
    }
  });

  it("opens an account's Customer 360 view from a dashboard table", async () => {
    const { page } = await openDashboard('account_health_dashboard.html');
    try {
      const link = page.locator('[data-table="accounts_most_at_risk"] a').first();
      const name = (await link.textContent())?.trim();
      await link.click();
      await page.waitForURL(/\/customer_360_view\.html#/);
      await page.waitForSelector('html[data-charts-ready="true"]');
      expect(await page.locator('[data-account-name]').textContent()).toBe(name);
    } finally {
      await page.close();
    }
  });
});

describe('Customer 360 account view', () => {
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ page, problems } = await openDashboard('customer_360_view.html'));
  });

  afterAll(async () => {
    await page?.close();
  });

  async function expectAccountTiles(accountId: string): Promise<void> {
    const tiles = await probeTiles(page, '[data-account-tiles]');
    expect(tiles.map((tile) => tile.id)).toEqual(ACCOUNT_TILES);
    for (const tile of tiles) {
      expect(tile.sql, `tile ${tile.id} documents its SQL for any account`).toContain('{account_id}');
      expectTileMatches(tile, await sqlValue(tile.sql.replace('{account_id}', sqlString(accountId))));
    }
  }

  it('opens on the largest customer, with its tiles equal to their SQL', async () => {
    expect(problems).toEqual([]);
    const [largest] = await warehouse.query('select account_id, account_name from marts.mart_customer_360 order by customer_lifetime_value_amount desc, account_id limit 1');
    expect(await page.locator('[data-account-name]').textContent()).toBe(largest?.account_name);
    await expectAccountTiles(String(largest?.account_id));
  });

  it('shows the account chosen in the URL, with its charts and latest deals', async () => {
    const [atRisk] = await warehouse.query('select account_id, account_name, deal_count from marts.mart_customer_360 where deal_count > 0 order by risk_score desc, account_id limit 1');
    const accountId = String(atRisk?.account_id);
    await showAccount(page, accountId);
    expect(await page.locator('[data-account-name]').textContent()).toBe(atRisk?.account_name);
    await expectAccountTiles(accountId);
    const charts = await probeCharts(page, '[data-account-chart]');
    expect(Object.fromEntries(charts.map((chart) => [chart.id, chart.seriesNames]))).toEqual(ACCOUNT_CHARTS);
    for (const chart of charts) expect(chart.paintedShare, `${chart.id} canvas painted`).toBeGreaterThan(PAINTED_SHARE_WITH_DATA);
    const [deals] = await warehouse.query(`select count(*) as deals from marts.mart_deal_engagement where account_id = ${sqlString(accountId)}`);
    expect(await page.locator('[data-table="account_deals"] tbody tr').count()).toBe(Math.min(10, Number(deals?.deals)));
  });

  it('finds an account typed into the search box', async () => {
    const [other] = await warehouse.query('select account_id, account_name from marts.mart_customer_360 order by account_name desc, account_id limit 1');
    await page.locator('#account-search').fill(`${String(other?.account_name)} (${String(other?.account_id)})`);
    await page.locator('#account-search').dispatchEvent('change');
    await page.waitForFunction((id) => {
      const browser = globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null } | null } };
      return browser.document.querySelector('.profile-id')?.textContent?.startsWith(id) === true;
    }, String(other?.account_id));
    expect(await page.locator('[data-account-name]').textContent()).toBe(other?.account_name);
  });
});

describe('figures against the facts', () => {
  // The marts are tested against the facts in the build; these check that the tiles read the right marts the right way.
  it('open and weighted pipeline equal the open deals of fact_deals', async () => {
    const { page } = await openDashboard('sales_pipeline_dashboard.html');
    try {
      const [deals] = await warehouse.query(
        `select sum(amount) as amount, sum(weighted_amount) as weighted from analytics.fact_deals where stage in ('prospecting', 'qualification', 'proposal', 'negotiation')`,
      );
      expect(Number(await page.locator('[data-kpi="open_pipeline"]').getAttribute('data-value'))).toBeCloseTo(Number(deals?.amount), 2);
      expect(Number(await page.locator('[data-kpi="weighted_pipeline"]').getAttribute('data-value'))).toBeCloseTo(Number(deals?.weighted), 2);
    } finally {
      await page.close();
    }
  });

  it('product revenue equals the orders of fact_orders not cancelled or returned, up to the run date', async () => {
    const { page } = await openDashboard('product_performance_dashboard.html');
    try {
      const [orders] = await warehouse.query(
        `select sum(net_amount) as revenue from analytics.fact_orders ` +
          `where order_date <= date ${sqlString(site.runDate)} and coalesce(status, '') not in ('cancelled', 'returned')`,
      );
      expect(Number(await page.locator('[data-kpi="product_revenue"]').getAttribute('data-value'))).toBeCloseTo(Number(orders?.revenue), 2);
    } finally {
      await page.close();
    }
  });
});
