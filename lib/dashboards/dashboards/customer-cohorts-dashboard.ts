/**
 * Customer Cohorts: do the customers we win keep buying, and does their revenue grow or shrink? The
 * retention triangle of each acquisition cohort, and trailing-twelve-month NRR and GRR, with their
 * definitions on the page (sql/marts/_cohorts.yml is the authority).
 */
import { cartesianChart } from '../charts/cartesian-chart.ts';
import { MEANING_COLORS } from '../charts/chart-style.ts';
import { heatmapChart, type HeatmapCell } from '../charts/heatmap-chart.ts';
import type { DashboardDefinition } from '../dashboard-definition.ts';
import type { Panel } from '../dashboard-model.ts';
import { formatMonth } from '../format/value-format.ts';
import { COHORTS_SHOWN, customerCohortsKpis, queryCustomerCohorts } from '../queries/customer-cohorts-queries.ts';
import { numbers, texts } from '../queries/row-columns.ts';
import type { Row } from '../../engines/engine.ts';
import { queryKpis } from '../queries/run-queries.ts';

/** Pixels per cohort row of a triangle, plus room for the axis. */
const TRIANGLE_ROW_HEIGHT = 22;
const TRIANGLE_AXIS_HEIGHT = 70;

/** NRR above this reads as the darkest colour: a cohort that doubled is as good as it gets on a heat scale. */
const REVENUE_RETENTION_SCALE_TOP = 2;

export const COHORT_DEFINITIONS = [
  {
    term: 'Acquisition cohort',
    definition: "The customers whose first revenue order falls in the month. Revenue = net amount of orders not cancelled or returned, by order month, up to the run date.",
  },
  { term: 'Months since first order', definition: "0 is the cohort's own month; the run date's month counts up to the run date." },
  { term: 'Customer retention', definition: "Customers of the cohort with revenue in the month / customers in the cohort." },
  {
    term: 'Revenue retention (cohort NRR)',
    definition: "The cohort's revenue in the month / its revenue in month 0. Expansion counts, so it can pass 100%.",
  },
  {
    term: 'Net revenue retention (NRR), TTM',
    definition:
      "For month M: the revenue in the 12 months ending with M of the customers who had revenue in the 12 months before those / their revenue in those earlier 12 months. Customers new in the later 12 months do not count.",
  },
  {
    term: 'Gross revenue retention (GRR), TTM',
    definition: 'As NRR, but each customer counts at most its earlier revenue: churn and contraction lower it, expansion does not raise it (at most 100%).',
  },
] as const;

export const customerCohortsDashboard: DashboardDefinition = {
  exposure: 'customer_cohorts_dashboard',
  navLabel: 'Cohorts',
  async build({ engine, marts, runDate }) {
    const [kpis, data] = await Promise.all([queryKpis(engine, customerCohortsKpis(marts, runDate)), queryCustomerCohorts(engine, marts)]);
    return { kpis, panels: [...trianglePanels(data.triangle), trailingTwelveMonthsPanel(data.trailingTwelveMonths), definitionsPanel()] };
  },
};

function trianglePanels(triangle: readonly Row[]): Panel[] {
  const sizes = new Map(triangle.map((row) => [String(row.cohort_month), Number(row.cohort_customer_count)]));
  const rowLabel = (cohortMonth: string): string => `${formatMonth(cohortMonth)} (${sizes.get(cohortMonth) ?? 0})`;
  const cohortMonths = [...sizes.keys()];
  const months = Math.max(-1, ...triangle.map((row) => Number(row.months_since_acquisition))) + 1;
  const columns = Array.from({ length: months }, (_, month) => String(month));
  const cells = (column: string): HeatmapCell[] =>
    triangle.flatMap((row) =>
      row[column] === null ? [] : [{ row: rowLabel(String(row.cohort_month)), column: String(row.months_since_acquisition), value: Number(row[column]) }],
    );
  const subtitle = `The latest ${COHORTS_SHOWN} acquisition cohorts by month of first order (customers in brackets) × months since`;
  if (cohortMonths.length === 0) {
    return [{ kind: 'message', id: 'cohort_retention', title: 'Cohort retention', subtitle, width: 'full', message: 'No account has a revenue order up to the run date yet, so there is no cohort.' }];
  }
  const height = TRIANGLE_AXIS_HEIGHT + TRIANGLE_ROW_HEIGHT * cohortMonths.length;
  const triangleChart = (id: string, title: string, seriesName: string, column: string, top: number): Panel => ({
    kind: 'chart',
    id,
    title,
    subtitle,
    width: 'full',
    height,
    option: heatmapChart({
      seriesName,
      columns,
      rows: cohortMonths.map(rowLabel),
      cells: cells(column),
      format: 'percent',
      colorRange: [0, top],
      columnAxisName: 'Months since first order',
    }),
  });
  return [
    triangleChart('customer_retention_triangle', 'Customer retention by cohort', 'Customer retention', 'logo_retention_rate', 1),
    triangleChart('revenue_retention_triangle', 'Revenue retention by cohort', 'Revenue retention', 'net_revenue_retention', REVENUE_RETENTION_SCALE_TOP),
  ];
}

function trailingTwelveMonthsPanel(rows: readonly Row[]): Panel {
  const title = 'Net and gross revenue retention, trailing 12 months';
  const subtitle = 'Per month: the last 12 months against the 12 before them, for the customers of those earlier 12 months';
  if (rows.length === 0) {
    return {
      kind: 'message',
      id: 'retention_ttm',
      title,
      subtitle,
      width: 'full',
      message: 'No month has customers with revenue in the 12 months before its own 12 yet: trailing-twelve-month retention needs more than a year of orders.',
    };
  }
  return {
    kind: 'chart',
    id: 'retention_ttm',
    title,
    subtitle,
    width: 'full',
    option: cartesianChart({
      categories: texts(rows, 'month_start_date').map(formatMonth),
      primaryAxis: { format: 'percent' },
      series: [
        { name: 'Net revenue retention', type: 'line', values: numbers(rows, 'net_revenue_retention'), format: 'percent', color: MEANING_COLORS.primary },
        { name: 'Gross revenue retention', type: 'line', values: numbers(rows, 'gross_revenue_retention'), format: 'percent', color: MEANING_COLORS.committed },
        { name: 'Customers retained', type: 'line', values: numbers(rows, 'logo_retention_rate'), format: 'percent', color: MEANING_COLORS.rate, dashed: true },
      ],
    }),
  };
}

function definitionsPanel(): Panel {
  return { kind: 'definitions', id: 'cohort_definitions', title: 'Definitions', subtitle: 'How every figure on this page is computed', width: 'full', definitions: COHORT_DEFINITIONS };
}
