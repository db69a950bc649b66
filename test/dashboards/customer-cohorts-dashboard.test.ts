import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChartPanel, DashboardContent } from '../../lib/dashboards/dashboard-model.ts';
import { COHORT_DEFINITIONS, customerCohortsDashboard } from '../../lib/dashboards/dashboards/customer-cohorts-dashboard.ts';
import { COHORTS_SHOWN, monthStart } from '../../lib/dashboards/queries/customer-cohorts-queries.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { DASHBOARD_ENGINES } from './dashboard-engines.ts';
import { martsOf, testPlan } from './dashboard-test-plan.ts';

const plan = testPlan({ customer_cohorts_dashboard: ['mart_customer_cohorts', 'mart_revenue_retention_ttm'] });
const marts = martsOf(plan, 'customer_cohorts_dashboard');

const COHORTS_TABLE = `create table marts.mart_customer_cohorts (cohort_basis varchar, cohort_month date, activity_month date, months_since_acquisition integer,
  cohort_customer_count integer, active_customer_count integer, logo_retention_rate decimal(9,4), revenue_amount decimal(18,2),
  initial_revenue_amount decimal(18,2), retained_revenue_amount decimal(18,2), net_revenue_retention decimal(9,4), gross_revenue_retention decimal(9,4))`;
const TTM_TABLE = `create table marts.mart_revenue_retention_ttm (month_start_date date, starting_customer_count integer, retained_customer_count integer,
  logo_retention_rate decimal(9,4), starting_revenue_amount decimal(18,2), current_revenue_amount decimal(18,2), retained_revenue_amount decimal(18,2),
  net_revenue_retention decimal(9,4), gross_revenue_retention decimal(9,4))`;

/** The expected rows of the hand-checked unit tests in sql/marts/_cohorts.yml (first_order January and February 2026, a first_won_deal cohort). */
const COHORT_ROWS = `insert into marts.mart_customer_cohorts values
  ('first_order', '2026-01-01', '2026-01-01', 0, 2, 2, 1.0, 300, 300, 300, 1.0, 1.0),
  ('first_order', '2026-01-01', '2026-02-01', 1, 2, 1, 0.5, 150, 300, 100, 0.5, 0.3333),
  ('first_order', '2026-01-01', '2026-03-01', 2, 2, 2, 1.0, 350, 300, 250, 1.1667, 0.8333),
  ('first_order', '2026-01-01', '2026-04-01', 3, 2, 0, 0.0, 0, 300, 0, 0.0, 0.0),
  ('first_order', '2026-02-01', '2026-02-01', 0, 1, 1, 1.0, 80, 80, 80, 1.0, 1.0),
  ('first_order', '2026-02-01', '2026-03-01', 1, 1, 0, 0.0, 0, 80, 0, 0.0, 0.0),
  ('first_order', '2026-02-01', '2026-04-01', 2, 1, 1, 1.0, 80, 80, 80, 1.0, 1.0),
  ('first_won_deal', '2026-03-01', '2026-03-01', 0, 7, 1, 1.0, 50, 50, 50, 1.0, 1.0)`;
const TTM_ROWS = `insert into marts.mart_revenue_retention_ttm values
  ('2025-03-01', 1, 0, 0.0, 500, 0, 0, 0.0, 0.0),
  ('2026-03-01', 3, 2, 0.6667, 400, 210, 160, 0.525, 0.4)`;

function chart(content: DashboardContent, id: string): ChartPanel {
  const panel = content.panels.find((each) => each.id === id);
  if (panel?.kind !== 'chart') throw new Error(`no chart ${id} among ${content.panels.map((each) => `${each.kind} ${each.id}`).join(', ')}`);
  return panel;
}

describe('monthStart', () => {
  it('gives the first day of the month, or of a month that many months earlier, across years', () => {
    expect(monthStart('2026-03-10')).toBe('2026-03-01');
    expect(monthStart('2026-03-10', 11)).toBe('2025-04-01');
    expect(monthStart('2026-01-31', 1)).toBe('2025-12-01');
    expect(monthStart('2026-12-01', 24)).toBe('2024-12-01');
  });

  it('refuses a run date that is not a date', () => {
    expect(() => monthStart('tomorrow')).toThrow("run date 'tomorrow' is not a YYYY-MM-DD date");
  });
});

describe.each(DASHBOARD_ENGINES)('Customer Cohorts dashboard on %s', (_name, open) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await open();
  });

  afterAll(async () => {
    await engine?.close();
  });

  beforeEach(async () => {
    await engine.execute('drop schema if exists marts cascade');
    await engine.transaction(['create schema marts', COHORTS_TABLE, TTM_TABLE]);
  });

  function build(runDate: string): Promise<DashboardContent> {
    return customerCohortsDashboard.build({ engine, marts, runDate, vars: plan.vars });
  }

  it("shows the run date's month's trailing-twelve-month retention and the first-order customers of the last 12 months", async () => {
    await engine.transaction([COHORT_ROWS, TTM_ROWS]);
    const content = await build('2026-03-10');
    expect(content.kpis.map((tile) => [tile.id, tile.value === null ? null : Number(tile.value), tile.detailValue ?? null])).toEqual([
      ['net_revenue_retention_ttm', 0.525, 3],
      ['gross_revenue_retention_ttm', 0.4, null],
      ['logo_retention_ttm', 0.6667, 2],
      // January (2) and February (1) are within April 2025 .. March 2026; the won-deal cohort is another basis.
      ['new_customers_12_months', 3, null],
    ]);
  });

  it("leaves the retention tiles empty when the run date's month has no starting customers, and counts only cohorts from 11 months back", async () => {
    await engine.transaction([COHORT_ROWS, TTM_ROWS]);
    const content = await build('2027-01-31');
    expect(content.kpis.map((tile) => tile.value)).toEqual([null, null, null, 1]);
  });

  it('draws the triangle of each first-order cohort: customer and revenue retention by month since, cohort size in the row', async () => {
    await engine.transaction([COHORT_ROWS, TTM_ROWS]);
    const content = await build('2026-04-15');
    const customers = chart(content, 'customer_retention_triangle');
    expect(customers.option.yAxis).toMatchObject({ data: ['Jan 2026 (2)', 'Feb 2026 (1)'] });
    expect(customers.option.xAxis).toMatchObject({ data: ['0', '1', '2', '3'] });
    expect(customers.option.series).toMatchObject([
      {
        data: [
          { name: 'Jan 2026 (2) · 0', value: [0, 0, 1] },
          { name: 'Jan 2026 (2) · 1', value: [1, 0, 0.5] },
          { name: 'Jan 2026 (2) · 2', value: [2, 0, 1] },
          { name: 'Jan 2026 (2) · 3', value: [3, 0, 0] },
          { name: 'Feb 2026 (1) · 0', value: [0, 1, 1] },
          { name: 'Feb 2026 (1) · 1', value: [1, 1, 0] },
          { name: 'Feb 2026 (1) · 2', value: [2, 1, 1] },
        ],
      },
    ]);
    expect(chart(content, 'revenue_retention_triangle').option.series).toMatchObject([
      { data: [{ value: [0, 0, 1] }, { value: [1, 0, 0.5] }, { value: [2, 0, 1.1667] }, { value: [3, 0, 0] }, { value: [0, 1, 1] }, { value: [1, 1, 0] }, { value: [2, 1, 1] }] },
    ]);
    expect(chart(content, 'retention_ttm').option).toMatchObject({
      xAxis: { data: ['Mar 2025', 'Mar 2026'] },
      series: [
        { name: 'Net revenue retention', data: [0, 0.525] },
        { name: 'Gross revenue retention', data: [0, 0.4] },
        { name: 'Customers retained', data: [0, 0.6667] },
      ],
    });
    expect(content.panels.at(-1)).toMatchObject({ kind: 'definitions', definitions: COHORT_DEFINITIONS });
  });

  it(`draws the latest ${COHORTS_SHOWN} cohorts only`, async () => {
    const months = Array.from({ length: COHORTS_SHOWN + 2 }, (_, index) => monthStart('2026-12-01', index));
    await engine.execute(
      `insert into marts.mart_customer_cohorts values ${months.map((month) => `('first_order', '${month}', '${month}', 0, 1, 1, 1.0, 10, 10, 10, 1.0, 1.0)`).join(', ')}`,
    );
    const rows = (chart(await build('2026-12-15'), 'customer_retention_triangle').option.yAxis as { data: string[] }).data;
    expect(rows).toHaveLength(COHORTS_SHOWN);
    expect([rows[0], rows.at(-1)]).toEqual(['Jan 2025 (1)', 'Dec 2026 (1)']);
  });

  it('says why there is no triangle and no trailing-twelve-month line instead of drawing empty charts', async () => {
    const content = await build('2026-03-10');
    expect(content.panels.filter((panel) => panel.kind === 'message').map((panel) => [panel.id, panel.kind === 'message' ? panel.message : ''])).toEqual([
      ['cohort_retention', 'No account has a revenue order up to the run date yet, so there is no cohort.'],
      [
        'retention_ttm',
        'No month has customers with revenue in the 12 months before its own 12 yet: trailing-twelve-month retention needs more than a year of orders.',
      ],
    ]);
    expect(content.panels.some((panel) => panel.kind === 'chart')).toBe(false);
  });
});
