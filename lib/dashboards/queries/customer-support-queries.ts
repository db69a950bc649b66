/**
 * The Customer Support dashboard's SQL, from mart_customer_support (one row per week, priority and
 * channel) and mart_daily_activity_series. Response, resolution and SLA figures re-aggregate the
 * mart's totals and counts (never averages of averages). "12 weeks" = the run date's week and the
 * 11 before it; the backlog is the run date's.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import type { KpiDefinition } from '../dashboard-model.ts';
import type { ExposureMarts } from '../exposure-marts.ts';
import { queryRows } from './run-queries.ts';

/** Priorities from most to least pressing; values outside the contract (dirty data) sort after them. */
export const PRIORITY_ORDER = `case priority when 'urgent' then 1 when 'high' then 2 when 'medium' then 3 when 'low' then 4 else 5 end`;

function recentWeeks(support: string): string {
  return `select *, dense_rank() over (order by week_start_date desc) as weeks_back from ${support}`;
}

export function customerSupportKpis(marts: ExposureMarts): KpiDefinition[] {
  const support = marts.relation('mart_customer_support');
  const days = `select *, row_number() over (order by date_day desc) as days_back from ${marts.relation('mart_daily_activity_series')}`;
  return [
    {
      id: 'open_backlog',
      label: 'Open backlog',
      format: 'count',
      description: 'Tickets created and not resolved by the run date.',
      sql: `select sum(backlog_count) as value, sum(case when priority = 'urgent' then backlog_count else 0 end) as detail from ${support} where is_run_week`,
      detail: { format: 'count', suffix: 'urgent' },
      tone: 'risk',
    },
    {
      id: 'sla_compliance_12_weeks',
      label: 'SLA compliance',
      period: '12 weeks',
      format: 'percent',
      description: 'Tickets created in the last 12 weeks that met their resolution SLA / those with an SLA verdict.',
      sql:
        `with weeks as (${recentWeeks(support)}) ` +
        `select cast(sum(sla_met_count) as double precision) / nullif(sum(sla_evaluated_count), 0) as value, sum(sla_breached_count) as detail ` +
        `from weeks where weeks_back <= 12`,
      detail: { format: 'count', suffix: 'SLA breaches' },
    },
    {
      id: 'first_response_hours_12_weeks',
      label: 'First response',
      period: '12 weeks',
      format: 'hours',
      description: 'Mean hours from creation to first response of the tickets created in the last 12 weeks.',
      sql:
        `with weeks as (${recentWeeks(support)}) ` +
        `select sum(first_response_total_hours) / nullif(sum(first_responded_count), 0) as value from weeks where weeks_back <= 12`,
    },
    {
      id: 'resolution_hours_12_weeks',
      label: 'Resolution time',
      period: '12 weeks',
      format: 'hours',
      description: 'Mean hours from creation to resolution of the tickets created in the last 12 weeks that are resolved.',
      sql:
        `with weeks as (${recentWeeks(support)}) ` +
        `select sum(resolution_total_hours) / nullif(sum(resolved_in_cohort_count), 0) as value from weeks where weeks_back <= 12`,
    },
    {
      id: 'tickets_opened_30_days',
      label: 'Tickets opened',
      period: '30 days',
      format: 'count',
      description: 'Tickets created in the 30 days ending on the run date; the detail compares with the 30 days before.',
      sql:
        `with days as (${days}) ` +
        `select sum(case when days_back <= 30 then tickets_opened_count else 0 end) as value, ` +
        `cast(sum(case when days_back <= 30 then tickets_opened_count else 0 end) as double precision) / ` +
        `nullif(sum(case when days_back > 30 and days_back <= 60 then tickets_opened_count else 0 end), 0) - 1 as detail from days`,
      detail: { format: 'percent_change', suffix: 'vs previous 30 days' },
    },
    {
      id: 'tickets_solved_30_days',
      label: 'Tickets solved',
      period: '30 days',
      format: 'count',
      description: 'Tickets resolved in the 30 days ending on the run date; the detail is solved / opened in those days.',
      sql:
        `with days as (${days}) ` +
        `select sum(tickets_solved_count) as value, cast(sum(tickets_solved_count) as double precision) / nullif(sum(tickets_opened_count), 0) as detail ` +
        `from days where days_back <= 30`,
      detail: { format: 'percent', suffix: 'of tickets opened' },
    },
  ];
}

export interface CustomerSupportData {
  /** The last 26 weeks, oldest first. */
  readonly weeks: Row[];
  /** Per priority over the last 12 weeks, most pressing first, with the run date's backlog. */
  readonly priorities: Row[];
  /** Per channel over the last 12 weeks, busiest first. */
  readonly channels: Row[];
}

export async function queryCustomerSupport(engine: Engine, marts: ExposureMarts): Promise<CustomerSupportData> {
  const support = marts.relation('mart_customer_support');
  const [weeks, priorities, channels] = await Promise.all([
    queryRows(
      engine,
      `select week_start_date, sum(tickets_opened_count) as tickets_opened_count, sum(tickets_solved_count) as tickets_solved_count, ` +
        `sum(backlog_count) as backlog_count, cast(sum(sla_met_count) as double precision) / nullif(sum(sla_evaluated_count), 0) as sla_compliance_rate ` +
        `from (${recentWeeks(support)}) as weeks where weeks_back <= 26 group by week_start_date order by week_start_date`,
      'tickets by week',
    ),
    queryRows(
      engine,
      `select priority, sum(case when weeks_back <= 12 then tickets_opened_count else 0 end) as tickets_opened_count, ` +
        `sum(case when is_run_week then backlog_count else 0 end) as backlog_count, ` +
        `cast(sum(case when weeks_back <= 12 then sla_met_count else 0 end) as double precision) / ` +
        `nullif(sum(case when weeks_back <= 12 then sla_evaluated_count else 0 end), 0) as sla_compliance_rate, ` +
        `sum(case when weeks_back <= 12 then first_response_total_hours else 0 end) / ` +
        `nullif(sum(case when weeks_back <= 12 then first_responded_count else 0 end), 0) as average_first_response_hours, ` +
        `sum(case when weeks_back <= 12 then resolution_total_hours else 0 end) / ` +
        `nullif(sum(case when weeks_back <= 12 then resolved_in_cohort_count else 0 end), 0) as average_resolution_hours ` +
        `from (${recentWeeks(support)}) as weeks group by priority order by min(${PRIORITY_ORDER}), priority`,
      'tickets by priority',
    ),
    queryRows(
      engine,
      `select channel, sum(tickets_opened_count) as tickets_opened_count from (${recentWeeks(support)}) as weeks ` +
        `where weeks_back <= 12 group by channel order by tickets_opened_count desc, channel`,
      'tickets by channel',
    ),
  ]);
  return { weeks, priorities, channels };
}
