/**
 * The cohort and retention marts on the hand-checked fixture (test/fixtures/crm-landing, run date 2026-03-10).
 * By hand from the landed orders: O1 (A1, 2026-02-10) 2 × 1200.00 less 10% = 2160.00, delivered (its
 * delivered and shipped extracts share updated_at; the later ingest day wins); O2 (A2, 2026-03-06) 3 × 250.00
 * less 12.5% = 656.25, delivered; O3 (A1, 2026-03-09) cancelled (pending and cancelled share updated_at; the
 * later file, orders.part2.csv, wins): no revenue. Won deals: D2 (A2) on 2026-03-09.
 * first_order: A1 in February (2160 in month 0, nothing in March: logo, NRR and GRR 0 in month 1), A2 in
 * March (656.25, all 1). first_won_deal: A2 in March (656.25 in its won month: all 1). No account had revenue
 * a year before any month, so the trailing-twelve-month mart has no row.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRealProject, errorsOf, type BuiltWarehouse } from '../models/warehouse-build.ts';

const LANDING = fileURLToPath(new URL('../fixtures/crm-landing', import.meta.url));
let built: BuiltWarehouse;

beforeAll(async () => {
  built = await buildRealProject(LANDING, { run_date: '2026-03-10' });
  expect(errorsOf(built.result)).toEqual([]);
}, 300_000);

afterAll(async () => {
  await built?.engine.close();
});

describe('cohorts and retention on the fixture', () => {
  it('match the hand-computed cohorts', async () => {
    const rows = await built.engine.query(`select
      cohort_basis, cast(cohort_month as varchar) as cohort_month, months_since_acquisition, cohort_customer_count,
      active_customer_count, cast(revenue_amount as double) as revenue, cast(initial_revenue_amount as double) as initial,
      cast(logo_retention_rate as double) as logo, cast(net_revenue_retention as double) as nrr,
      cast(gross_revenue_retention as double) as grr
    from marts.mart_customer_cohorts order by cohort_basis, cohort_month, months_since_acquisition`);
    expect(rows).toEqual([
      { cohort_basis: 'first_order', cohort_month: '2026-02-01', months_since_acquisition: 0, cohort_customer_count: 1, active_customer_count: 1, revenue: 2160, initial: 2160, logo: 1, nrr: 1, grr: 1 },
      { cohort_basis: 'first_order', cohort_month: '2026-02-01', months_since_acquisition: 1, cohort_customer_count: 1, active_customer_count: 0, revenue: 0, initial: 2160, logo: 0, nrr: 0, grr: 0 },
      { cohort_basis: 'first_order', cohort_month: '2026-03-01', months_since_acquisition: 0, cohort_customer_count: 1, active_customer_count: 1, revenue: 656.25, initial: 656.25, logo: 1, nrr: 1, grr: 1 },
      { cohort_basis: 'first_won_deal', cohort_month: '2026-03-01', months_since_acquisition: 0, cohort_customer_count: 1, active_customer_count: 1, revenue: 656.25, initial: 656.25, logo: 1, nrr: 1, grr: 1 },
    ]);
  });

  it('have no trailing-twelve-month row without a year of history', async () => {
    expect(await built.engine.query('select count(*) as months from marts.mart_revenue_retention_ttm')).toEqual([{ months: 0 }]);
  });
});
