/**
 * The business KPIs the Publish step reads from the newly published marts and reports as
 * CloudWatch metrics: the dashboards' own numbers, so CloudWatch and the dashboards never disagree.
 * Each mart contributes its KPIs when the run publishes it: a selection without it may run before
 * it was ever built.
 */
import type { Row } from '../engines/engine.ts';
import { qualified, type PlanModel } from '../plan/plan.ts';
import { PIPELINE_METRICS } from './pipeline-metric-names.ts';
import type { MetricUnit, StepTelemetry } from './step-telemetry.ts';

interface Kpi {
  /** The column of the KPI query's one row. */
  readonly column: string;
  readonly metric: string;
  readonly unit: MetricUnit;
  /** A scalar subquery over the mart (`$mart` is its published relation). */
  readonly select: string;
}

interface MartKpis {
  readonly mart: string;
  readonly kpis: readonly Kpi[];
}

/**
 * The retention KPIs are the latest month's trailing-twelve-month values of mart_revenue_retention_ttm
 * (sql/marts/_cohorts.yml defines them), as percentages: 100 × the mart's ratio.
 */
const latestRetention = (column: string): string =>
  `(select cast(100 * ${column} as decimal(9,2)) from $mart where month_start_date = (select max(month_start_date) from $mart))`;

export const MART_KPIS: readonly MartKpis[] = [
  {
    mart: 'mart_sales_pipeline',
    kpis: [
      {
        column: 'pipeline_value',
        metric: PIPELINE_METRICS.pipelineValue,
        unit: 'None',
        select: '(select cast(coalesce(sum(case when is_open_stage then pipeline_amount else 0 end), 0) as decimal(18,2)) from $mart)',
      },
      {
        column: 'win_rate_percent',
        metric: PIPELINE_METRICS.winRate,
        unit: 'Percent',
        select: `(select cast(100.0 * sum(case when stage = 'closed_won' then deal_count else 0 end)
     / nullif(sum(case when stage in ('closed_won', 'closed_lost') then deal_count else 0 end), 0) as decimal(9,2)) from $mart)`,
      },
    ],
  },
  {
    mart: 'mart_revenue',
    kpis: [{ column: 'revenue', metric: PIPELINE_METRICS.revenue, unit: 'None', select: '(select cast(coalesce(sum(revenue_amount), 0) as decimal(18,2)) from $mart)' }],
  },
  {
    mart: 'mart_customer_support',
    kpis: [
      {
        column: 'sla_compliance_percent',
        metric: PIPELINE_METRICS.slaCompliance,
        unit: 'Percent',
        select: '(select cast(100.0 * sum(sla_met_count) / nullif(sum(sla_evaluated_count), 0) as decimal(9,2)) from $mart)',
      },
      { column: 'ticket_backlog', metric: PIPELINE_METRICS.ticketBacklog, unit: 'Count', select: '(select coalesce(sum(backlog_count), 0) from $mart where is_run_week)' },
    ],
  },
  {
    mart: 'mart_revenue_retention_ttm',
    kpis: [
      { column: 'net_revenue_retention_percent', metric: PIPELINE_METRICS.netRevenueRetention, unit: 'Percent', select: latestRetention('net_revenue_retention') },
      { column: 'gross_revenue_retention_percent', metric: PIPELINE_METRICS.grossRevenueRetention, unit: 'Percent', select: latestRetention('gross_revenue_retention') },
    ],
  },
];

/** The KPIs of the marts among `models` (the models this run publishes). */
function publishedKpis(models: readonly PlanModel[]): { readonly kpi: Kpi; readonly relation: string }[] {
  return MART_KPIS.flatMap(({ mart, kpis }) => {
    const model = models.find((candidate) => candidate.name === mart);
    return model === undefined ? [] : kpis.map((kpi) => ({ kpi, relation: qualified(model.relation) }));
  });
}

/** One row, one column per KPI of the marts this run publishes; undefined when it publishes none of them. */
export function kpiQuery(models: readonly PlanModel[]): string | undefined {
  const kpis = publishedKpis(models);
  if (kpis.length === 0) return undefined;
  return `select\n${kpis.map(({ kpi, relation }) => `  ${kpi.select.replaceAll('$mart', relation)} as ${kpi.column}`).join(',\n')}`;
}

/** Reports the KPI query's row as metrics. */
export function reportKpis(row: Row | undefined, telemetry: StepTelemetry): void {
  if (row === undefined) return;
  for (const kpi of MART_KPIS.flatMap((mart) => mart.kpis)) {
    const value = row[kpi.column];
    // A KPI without data (no closed deals yet, no starting customers) is left out rather than reported as 0.
    if (value === null || value === undefined || !Number.isFinite(Number(value))) continue;
    telemetry.metric(kpi.metric, kpi.unit, Number(value));
  }
}
