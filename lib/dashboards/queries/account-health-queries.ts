/**
 * The Account Health dashboard's SQL, from mart_account_health (the explainable risk score and its
 * five components per account) and mart_account_engagement (recency of the last touch). "At risk"
 * = risk band high or critical.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import type { KpiDefinition } from '../dashboard-model.ts';
import type { ExposureMarts } from '../exposure-marts.ts';
import { queryRows } from './run-queries.ts';

export const RISK_BANDS = ['low', 'medium', 'high', 'critical'] as const;

/** The components of risk_score with their maximum points (the rule in mart_account_health's description). */
export const RISK_COMPONENTS = [
  { column: 'recency_risk_points', label: 'No recent touch', maximum: 25 },
  { column: 'activity_risk_points', label: 'Little activity', maximum: 15 },
  { column: 'urgent_ticket_risk_points', label: 'Open urgent tickets', maximum: 20 },
  { column: 'sla_breach_risk_points', label: 'SLA breaches', maximum: 20 },
  { column: 'revenue_trend_risk_points', label: 'Falling revenue', maximum: 20 },
] as const;

const AT_RISK = `risk_band in ('high', 'critical')`;
const BAND_ORDER = `case risk_band when 'low' then 1 when 'medium' then 2 when 'high' then 3 when 'critical' then 4 else 5 end`;

export const AT_RISK_LIST_SIZE = 15;

export function accountHealthKpis(marts: ExposureMarts): KpiDefinition[] {
  const health = marts.relation('mart_account_health');
  return [
    {
      id: 'average_health_score',
      label: 'Average health',
      format: 'decimal',
      description: 'Mean health score (100 - risk score) of all accounts.',
      sql: `select avg(health_score) as value, count(*) as detail from ${health}`,
      detail: { format: 'count', suffix: 'accounts scored' },
    },
    {
      id: 'critical_accounts',
      label: 'Critical risk',
      format: 'count',
      description: 'Accounts with a risk score of 75 or more.',
      sql: `select sum(case when risk_band = 'critical' then 1 else 0 end) as value from ${health}`,
      tone: 'risk',
    },
    {
      id: 'high_risk_accounts',
      label: 'High risk',
      format: 'count',
      description: 'Accounts with a risk score from 50 to 74.',
      sql: `select sum(case when risk_band = 'high' then 1 else 0 end) as value, sum(case when risk_band = 'medium' then 1 else 0 end) as detail from ${health}`,
      detail: { format: 'count', suffix: 'more at medium risk' },
      tone: 'risk',
    },
    {
      id: 'pipeline_at_risk',
      label: 'Pipeline at risk',
      format: 'currency_compact',
      description: 'Open pipeline of the accounts at high or critical risk.',
      sql: `select sum(case when ${AT_RISK} then open_pipeline_amount else 0 end) as value, sum(case when ${AT_RISK} then open_deal_count else 0 end) as detail from ${health}`,
      detail: { format: 'count', suffix: 'open deals' },
    },
    {
      id: 'revenue_at_risk',
      label: 'Revenue at risk',
      period: '90 days',
      format: 'currency_compact',
      description: 'Revenue of the last 90 days from the accounts at high or critical risk.',
      sql:
        `select sum(case when ${AT_RISK} then revenue_last_90_days else 0 end) as value, ` +
        `cast(sum(case when ${AT_RISK} then revenue_last_90_days else 0 end) as double precision) / nullif(sum(revenue_last_90_days), 0) as detail from ${health}`,
      detail: { format: 'percent', suffix: 'of all revenue' },
    },
    {
      id: 'accounts_with_urgent_tickets',
      label: 'Accounts with urgent tickets',
      format: 'count',
      description: 'Accounts with at least one open ticket of priority urgent.',
      sql: `select sum(case when open_urgent_ticket_count > 0 then 1 else 0 end) as value, sum(open_urgent_ticket_count) as detail from ${health}`,
      detail: { format: 'count', suffix: 'urgent tickets open' },
      tone: 'risk',
    },
  ];
}

export interface AccountHealthData {
  /** One row per risk band present, low to critical: accounts and mean component points. */
  readonly bands: Row[];
  /** Accounts per account category and risk band. */
  readonly segments: Row[];
  /** Accounts per 10-point risk score bucket (0-9 .. 90-100). */
  readonly scoreBuckets: Row[];
  /** Accounts per band of days since the last touch. */
  readonly recency: Row[];
  readonly atRisk: Row[];
}

export async function queryAccountHealth(engine: Engine, marts: ExposureMarts): Promise<AccountHealthData> {
  const health = marts.relation('mart_account_health');
  const recencyBand =
    // Short labels: six of them share a third of the page; the chart's subtitle says they are days.
    `case when days_since_last_touch is null then 'Never' when days_since_last_touch <= 14 then '0-14' ` +
    `when days_since_last_touch <= 30 then '15-30' when days_since_last_touch <= 60 then '31-60' ` +
    `when days_since_last_touch <= 90 then '61-90' else '90+' end`;
  const recencyOrder =
    `case when days_since_last_touch is null then 6 when days_since_last_touch <= 14 then 1 when days_since_last_touch <= 30 then 2 ` +
    `when days_since_last_touch <= 60 then 3 when days_since_last_touch <= 90 then 4 else 5 end`;
  const [bands, segments, scoreBuckets, recency, atRisk] = await Promise.all([
    queryRows(
      engine,
      `select risk_band, count(*) as account_count, ${RISK_COMPONENTS.map((component) => `avg(${component.column}) as ${component.column}`).join(', ')} ` +
        `from ${health} group by risk_band order by min(${BAND_ORDER})`,
      'accounts by risk band',
    ),
    queryRows(
      engine,
      `select account_category, risk_band, count(*) as account_count from ${health} group by account_category, risk_band order by account_category, min(${BAND_ORDER})`,
      'risk by segment',
    ),
    queryRows(
      engine,
      // A score of 100 joins the 90s bucket: ten buckets of ten points.
      `select case when risk_score >= 90 then 9 else cast(floor(risk_score / 10) as integer) end as bucket, count(*) as account_count ` +
        `from ${health} group by case when risk_score >= 90 then 9 else cast(floor(risk_score / 10) as integer) end order by bucket`,
      'risk score distribution',
    ),
    queryRows(
      engine,
      `select ${recencyBand} as recency_band, min(${recencyOrder}) as band_order, count(*) as account_count ` +
        `from ${marts.relation('mart_account_engagement')} group by ${recencyBand} order by band_order`,
      'accounts by last touch',
    ),
    queryRows(
      engine,
      `select account_id, account_name, account_category, owner_name, risk_score, risk_band, days_since_last_touch, activity_count_last_30_days, ` +
        `open_urgent_ticket_count, sla_breach_count_last_90_days, revenue_trend_rate, open_pipeline_amount ` +
        `from ${health} where ${AT_RISK} order by risk_score desc, open_pipeline_amount desc, account_id limit ${AT_RISK_LIST_SIZE}`,
      'accounts most at risk',
    ),
  ]);
  return { bands, segments, scoreBuckets, recency, atRisk };
}
