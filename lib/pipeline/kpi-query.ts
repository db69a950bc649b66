/**
 * The business KPIs the Publish step reads from the newly published marts and reports as
 * CloudWatch metrics: the dashboards' own numbers, so CloudWatch and the dashboards never disagree.
 */
import type { Row } from '../engines/engine.ts';
import { qualified, type PlanModel } from '../plan/plan.ts';
import { PIPELINE_METRICS } from './pipeline-metric-names.ts';
import type { MetricUnit, StepTelemetry } from './step-telemetry.ts';

/** The KPI columns the query returns, and the metric each becomes. */
export const KPIS: readonly { readonly column: string; readonly metric: string; readonly unit: MetricUnit }[] = [
  { column: 'pipeline_value', metric: PIPELINE_METRICS.pipelineValue, unit: 'None' },
  { column: 'win_rate_percent', metric: PIPELINE_METRICS.winRate, unit: 'Percent' },
  { column: 'revenue', metric: PIPELINE_METRICS.revenue, unit: 'None' },
  { column: 'sla_compliance_percent', metric: PIPELINE_METRICS.slaCompliance, unit: 'Percent' },
  { column: 'ticket_backlog', metric: PIPELINE_METRICS.ticketBacklog, unit: 'Count' },
];

/**
 * The KPI query over the published marts among `models` (the models this run publishes), or
 * undefined when the run does not publish all three marts it reads.
 */
export function kpiQuery(models: readonly PlanModel[]): string | undefined {
  // Only marts this run publishes: a selection without them may run before they were ever built.
  const relation = (name: string): string | undefined => {
    const model = models.find((candidate) => candidate.name === name);
    return model === undefined ? undefined : qualified(model.relation);
  };
  const pipeline = relation('mart_sales_pipeline');
  const revenue = relation('mart_revenue');
  const support = relation('mart_customer_support');
  if (pipeline === undefined || revenue === undefined || support === undefined) return undefined;
  return `select
  (select cast(coalesce(sum(case when is_open_stage then pipeline_amount else 0 end), 0) as decimal(18,2)) from ${pipeline}) as pipeline_value,
  (select cast(100.0 * sum(case when stage = 'closed_won' then deal_count else 0 end)
     / nullif(sum(case when stage in ('closed_won', 'closed_lost') then deal_count else 0 end), 0) as decimal(9,2)) from ${pipeline}) as win_rate_percent,
  (select cast(coalesce(sum(revenue_amount), 0) as decimal(18,2)) from ${revenue}) as revenue,
  (select cast(100.0 * sum(sla_met_count) / nullif(sum(sla_evaluated_count), 0) as decimal(9,2)) from ${support}) as sla_compliance_percent,
  (select coalesce(sum(backlog_count), 0) from ${support} where is_run_week) as ticket_backlog`;
}

/** Reports the KPI query's row as metrics. */
export function reportKpis(row: Row | undefined, telemetry: StepTelemetry): void {
  if (row === undefined) return;
  for (const kpi of KPIS) {
    const value = row[kpi.column];
    // A KPI without data (no closed deals yet) is left out rather than reported as 0.
    if (value === null || value === undefined || !Number.isFinite(Number(value))) continue;
    telemetry.metric(kpi.metric, kpi.unit, Number(value));
  }
}
