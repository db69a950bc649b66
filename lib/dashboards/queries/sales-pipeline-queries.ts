/**
 * The Sales Pipeline dashboard's SQL: open and weighted pipeline by stage, the stage funnel and
 * velocity (mart_sales_pipeline), the daily pipeline (mart_pipeline_daily_snapshot), bookings and
 * win rates by month (mart_sales_win_rates), weekly deal flow (mart_daily_activity_series) and the
 * rep and manager scorecards. "Last 12 months" = the run date's month and the 11 before it, as the
 * marts' trailing columns count them.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import type { KpiDefinition } from '../dashboard-model.ts';
import type { ExposureMarts } from '../exposure-marts.ts';
import { queryRows } from './run-queries.ts';

export function salesPipelineKpis(marts: ExposureMarts): KpiDefinition[] {
  const pipeline = marts.relation('mart_sales_pipeline');
  const winRates = marts.relation('mart_sales_win_rates');
  const reps = marts.relation('mart_rep_scorecard');
  const lastTwelveMonths = `select *, row_number() over (order by month_start_date desc) as months_back from ${winRates}`;
  return [
    {
      id: 'open_pipeline',
      label: 'Open pipeline',
      format: 'currency_compact',
      description: 'Amount of the deals now in an open stage (prospecting, qualification, proposal, negotiation).',
      sql: `select sum(pipeline_amount) as value, sum(deal_count) as detail from ${pipeline} where is_open_stage`,
      detail: { format: 'count', suffix: 'open deals' },
    },
    {
      id: 'weighted_pipeline',
      label: 'Weighted pipeline',
      format: 'currency_compact',
      description: 'Open pipeline with each deal weighted by its probability (amount x probability / 100).',
      sql:
        `select sum(weighted_pipeline_amount) as value, ` +
        `cast(sum(weighted_pipeline_amount) as double precision) / nullif(sum(pipeline_amount), 0) as detail ` +
        `from ${pipeline} where is_open_stage`,
      detail: { format: 'percent', suffix: 'of open pipeline' },
    },
    {
      id: 'win_rate_12_months',
      label: 'Win rate',
      period: '12 months',
      format: 'percent',
      description: 'Deals won / deals closed (won + lost) in the last 12 months, by count; the detail weighs them by amount.',
      sql: `select win_rate_by_count_trailing_12_months as value, win_rate_by_amount_trailing_12_months as detail from ${winRates} where is_current_month`,
      detail: { format: 'percent', suffix: 'by amount' },
    },
    {
      id: 'average_deal_size_12_months',
      label: 'Avg deal size',
      period: '12 months',
      format: 'currency_compact',
      description: 'Amount won / deals won in the last 12 months.',
      sql:
        `with months as (${lastTwelveMonths}) ` +
        `select cast(sum(won_amount) as double precision) / nullif(sum(won_deal_count), 0) as value, sum(won_deal_count) as detail ` +
        `from months where months_back <= 12`,
      detail: { format: 'count', suffix: 'deals won' },
    },
    {
      id: 'average_sales_cycle_12_months',
      label: 'Sales cycle',
      period: '12 months',
      format: 'days',
      description: 'Mean days from creation to close of the deals won in the last 12 months (monthly means weighted by deals won).',
      sql:
        `with months as (${lastTwelveMonths}) ` +
        `select sum(average_sales_cycle_days * won_deal_count) / nullif(sum(case when average_sales_cycle_days is not null then won_deal_count end), 0) as value ` +
        `from months where months_back <= 12`,
    },
    {
      id: 'bookings_quarter_to_date',
      label: 'Bookings',
      period: 'QTD',
      format: 'currency_compact',
      description: "Amount of the deals won from the first day of the run date's quarter to the run date.",
      sql: `select sum(bookings_amount_quarter_to_date) as value, sum(won_deal_count_quarter_to_date) as detail from ${reps}`,
      detail: { format: 'count', suffix: 'deals won' },
    },
  ];
}

export interface SalesPipelineData {
  /** The six funnel stages in funnel order. */
  readonly stages: Row[];
  /** The daily snapshot window, oldest first. */
  readonly snapshot: Row[];
  /** Every month up to the run date's, oldest first. */
  readonly months: Row[];
  /** The last 13 weeks (the run date's included), oldest first. */
  readonly weeks: Row[];
  /** Reps with deals or activities, by bookings. */
  readonly reps: Row[];
  readonly managers: Row[];
}

export async function querySalesPipeline(engine: Engine, marts: ExposureMarts): Promise<SalesPipelineData> {
  const [stages, snapshot, months, weeks, reps, managers] = await Promise.all([
    queryRows(
      engine,
      `select stage, stage_order, is_open_stage, deal_count, pipeline_amount, weighted_pipeline_amount, deals_entered_count, ` +
        `stage_conversion_rate, average_days_in_stage, historical_win_rate_by_count ` +
        `from ${marts.relation('mart_sales_pipeline')} order by stage_order`,
      'pipeline by stage',
    ),
    queryRows(
      engine,
      `select snapshot_date, open_pipeline_amount, weighted_pipeline_amount, prospecting_amount, qualification_amount, proposal_amount, negotiation_amount ` +
        `from ${marts.relation('mart_pipeline_daily_snapshot')} order by snapshot_date`,
      'daily pipeline',
    ),
    queryRows(
      engine,
      `select month_start_date, won_amount, won_deal_count, lost_deal_count, win_rate_by_count, win_rate_by_count_trailing_12_months ` +
        `from ${marts.relation('mart_sales_win_rates')} order by month_start_date`,
      'win rates by month',
    ),
    queryRows(
      engine,
      `select week_start_date, deals_created_count, deals_won_count, deals_lost_count from (` +
        `select week_start_date, sum(deals_created_count) as deals_created_count, sum(deals_won_count) as deals_won_count, sum(deals_lost_count) as deals_lost_count ` +
        `from ${marts.relation('mart_daily_activity_series')} group by week_start_date order by week_start_date desc limit 13` +
        `) as recent order by week_start_date`,
      'weekly deal flow',
    ),
    queryRows(
      engine,
      `select owner_id, coalesce(owner_name, owner_id) as owner_name, team, region, bookings_amount, bookings_amount_quarter_to_date, won_deal_count, ` +
        `win_rate_by_count, average_won_deal_amount, pipeline_amount, weighted_pipeline_amount, open_deal_count, average_days_to_close ` +
        `from ${marts.relation('mart_rep_scorecard')} ` +
        `where won_deal_count + lost_deal_count + open_deal_count > 0 order by bookings_amount desc, owner_id`,
      'rep scorecard',
    ),
    queryRows(
      engine,
      `select manager_id, manager_name, team, region, direct_report_count, bookings_amount, bookings_amount_quarter_to_date, win_rate_by_count, ` +
        `pipeline_amount, activities_per_direct_report ` +
        `from ${marts.relation('mart_manager_scorecard')} ` +
        // Support managers have direct reports too; a sales dashboard lists the ones with deals.
        `where won_deal_count + lost_deal_count + open_deal_count > 0 order by bookings_amount desc, manager_id`,
      'manager scorecard',
    ),
  ]);
  return { stages, snapshot, months, weeks, reps, managers };
}
