/**
 * The Customer Cohorts dashboard's SQL, from mart_customer_cohorts (each acquisition cohort's customers
 * and revenue in every month since) and mart_revenue_retention_ttm (trailing-twelve-month NRR, GRR and
 * logo retention per month). sql/marts/_cohorts.yml defines every figure; the triangle uses the
 * first_order basis, where month 0 always has revenue, so every cell has a revenue retention.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import { sqlString } from '../../sql/literals.ts';
import type { KpiDefinition } from '../dashboard-model.ts';
import type { ExposureMarts } from '../exposure-marts.ts';
import { queryRows } from './run-queries.ts';

export const COHORT_BASIS = 'first_order';

/** The most recent acquisition cohorts drawn in the triangle: two years of rows stay readable. */
export const COHORTS_SHOWN = 24;

/** `2026-03-10` → `2026-03-01`, and that many months earlier. */
export function monthStart(runDate: string, monthsBack = 0): string {
  const match = /^(\d{4})-(\d{2})/.exec(runDate);
  if (!match) throw new Error(`run date '${runDate}' is not a YYYY-MM-DD date`);
  const index = Number(match[1]) * 12 + (Number(match[2]) - 1) - monthsBack;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function dateLiteral(isoDate: string): string {
  return `cast(${sqlString(isoDate)} as date)`;
}

export function customerCohortsKpis(marts: ExposureMarts, runDate: string): KpiDefinition[] {
  const ttm = marts.relation('mart_revenue_retention_ttm');
  const cohorts = marts.relation('mart_customer_cohorts');
  // max() over the run date's month: one row, null when the month has no starting customers.
  const runMonth = `from ${ttm} where month_start_date = ${dateLiteral(monthStart(runDate))}`;
  return [
    {
      id: 'net_revenue_retention_ttm',
      label: 'Net revenue retention',
      period: 'TTM',
      format: 'percent',
      description:
        "Revenue of the last 12 months from the customers who bought in the 12 months before them / those customers' revenue then (expansion counts; customers new in the last 12 months do not).",
      sql: `select max(net_revenue_retention) as value, max(starting_customer_count) as detail ${runMonth}`,
      detail: { format: 'count', suffix: 'starting customers' },
    },
    {
      id: 'gross_revenue_retention_ttm',
      label: 'Gross revenue retention',
      period: 'TTM',
      format: 'percent',
      description: "As net revenue retention, but each customer counts at most its revenue of the starting 12 months: churn and contraction without expansion (at most 100%).",
      sql: `select max(gross_revenue_retention) as value ${runMonth}`,
    },
    {
      id: 'logo_retention_ttm',
      label: 'Customers retained',
      period: 'TTM',
      format: 'percent',
      description: 'Customers who bought in the 12 months before the last 12 and bought again in the last 12 / those customers.',
      sql: `select max(logo_retention_rate) as value, max(retained_customer_count) as detail ${runMonth}`,
      detail: { format: 'count', suffix: 'customers kept' },
    },
    {
      id: 'new_customers_12_months',
      label: 'New customers',
      period: '12 months',
      format: 'count',
      description: "Accounts whose first revenue order falls in the run date's month or the 11 before it.",
      sql:
        `select coalesce(sum(cohort_customer_count), 0) as value from ${cohorts} ` +
        `where cohort_basis = ${sqlString(COHORT_BASIS)} and months_since_acquisition = 0 and cohort_month >= ${dateLiteral(monthStart(runDate, 11))}`,
    },
  ];
}

export interface CustomerCohortsData {
  /** The triangle: one row per shown cohort and month since acquisition. */
  readonly triangle: Row[];
  /** One row per month of mart_revenue_retention_ttm, oldest first. */
  readonly trailingTwelveMonths: Row[];
}

export async function queryCustomerCohorts(engine: Engine, marts: ExposureMarts): Promise<CustomerCohortsData> {
  const cohorts = marts.relation('mart_customer_cohorts');
  const [triangle, trailingTwelveMonths] = await Promise.all([
    queryRows(
      engine,
      `select cohort_month, months_since_acquisition, cohort_customer_count, logo_retention_rate, net_revenue_retention from (` +
        `select cohorts.*, dense_rank() over (order by cohort_month desc) as cohorts_back from ${cohorts} as cohorts where cohort_basis = ${sqlString(COHORT_BASIS)}` +
        `) as ranked where cohorts_back <= ${COHORTS_SHOWN} order by cohort_month, months_since_acquisition`,
      'cohort retention triangle',
    ),
    queryRows(
      engine,
      `select month_start_date, starting_customer_count, logo_retention_rate, net_revenue_retention, gross_revenue_retention ` +
        `from ${marts.relation('mart_revenue_retention_ttm')} order by month_start_date`,
      'trailing-twelve-month retention',
    ),
  ]);
  return { triangle, trailingTwelveMonths };
}
