/**
 * The Sales Forecast report's SQL: open deals by expected close week with the weighted and
 * committed amounts, slipped (overdue) deals and won actuals (mart_sales_forecast_weekly), the
 * pipeline's recent trend (mart_pipeline_daily_snapshot) and how often each stage ends in a win
 * (mart_sales_pipeline). "Ahead" = the run date's week and the weeks after it in the window.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import type { KpiDefinition } from '../dashboard-model.ts';
import type { ExposureMarts } from '../exposure-marts.ts';
import { queryRows } from './run-queries.ts';

/** Days of the pipeline trend chart and of the pipeline-change tile. */
export const PIPELINE_TREND_DAYS = 90;
export const PIPELINE_CHANGE_DAYS = 30;

/** The forecast window as the marts were built: weeks before and after the run date's week. */
export interface ForecastWindow {
  readonly weeksBack: number;
  readonly weeksAhead: number;
}

export function forecastWindow(vars: Readonly<Record<string, unknown>>): ForecastWindow {
  const weeksBack = Number(vars.forecast_weeks_back);
  const weeksAhead = Number(vars.forecast_weeks_ahead);
  if (!Number.isInteger(weeksBack) || !Number.isInteger(weeksAhead)) {
    throw new Error(`vars forecast_weeks_back and forecast_weeks_ahead must be whole numbers, got ${String(vars.forecast_weeks_back)} and ${String(vars.forecast_weeks_ahead)}`);
  }
  return { weeksBack, weeksAhead };
}

export function salesForecastKpis(marts: ExposureMarts, window: ForecastWindow): KpiDefinition[] {
  // The run date's week and the weeks after it.
  const ahead = `${window.weeksAhead + 1} weeks`;
  const forecast = marts.relation('mart_sales_forecast_weekly');
  const snapshot = marts.relation('mart_pipeline_daily_snapshot');
  return [
    {
      id: 'weighted_forecast',
      label: 'Weighted forecast',
      period: ahead,
      format: 'currency_compact',
      description: 'Sum of amount x probability of the open deals expected to close from the run date\'s week to the end of the window.',
      sql: `select sum(weighted_expected_amount) as value, sum(expected_deal_count) as detail from ${forecast} where week_offset >= 0`,
      detail: { format: 'count', suffix: 'deals expected' },
    },
    {
      id: 'committed_forecast',
      label: 'Committed',
      period: ahead,
      format: 'currency_compact',
      description: 'Amount of the open deals expected in those weeks with a probability at or above the commit threshold (var forecast_commit_min_probability).',
      sql: `select sum(committed_amount) as value, sum(committed_deal_count) as detail from ${forecast} where week_offset >= 0`,
      detail: { format: 'count', suffix: 'committed deals' },
    },
    {
      id: 'expected_close_amount',
      label: 'Best case',
      period: ahead,
      format: 'currency_compact',
      description: 'Full amount of the open deals expected to close in those weeks (every deal wins).',
      sql: `select sum(expected_close_amount) as value from ${forecast} where week_offset >= 0`,
    },
    {
      id: 'slipped_deals',
      label: 'Slipped deals',
      format: 'count',
      description: 'Open deals whose expected close date is before the run date.',
      sql: `select sum(overdue_deal_count) as value, sum(overdue_amount) as detail from ${forecast}`,
      detail: { format: 'currency_compact', suffix: 'overdue' },
      tone: 'risk',
    },
    {
      id: 'won_12_weeks',
      label: 'Won',
      period: `last ${window.weeksBack} weeks`,
      format: 'currency_compact',
      description: 'Amount of the deals won in the weeks of the window before the run date\'s week (actuals).',
      sql: `select sum(won_amount) as value, sum(won_deal_count) as detail from ${forecast} where week_offset < 0`,
      detail: { format: 'count', suffix: 'deals won' },
    },
    {
      id: 'pipeline_change_30_days',
      label: 'Open pipeline',
      format: 'currency_compact',
      description: `Open pipeline at the end of the run date; the detail is its change since ${PIPELINE_CHANGE_DAYS} days before.`,
      sql:
        `with days as (select *, row_number() over (order by snapshot_date desc) as days_back from ${snapshot}) ` +
        `select max(case when days_back = 1 then open_pipeline_amount end) as value, ` +
        `cast(max(case when days_back = 1 then open_pipeline_amount end) as double precision) / ` +
        `nullif(max(case when days_back = ${PIPELINE_CHANGE_DAYS + 1} then open_pipeline_amount end), 0) - 1 as detail from days`,
      detail: { format: 'percent_change', suffix: `vs ${PIPELINE_CHANGE_DAYS} days ago` },
    },
  ];
}

export interface SalesForecastData {
  /** Every week of the forecast window, oldest first. */
  readonly weeks: Row[];
  /** The last PIPELINE_TREND_DAYS days of the snapshot, oldest first. */
  readonly snapshot: Row[];
  /** Open stages with their historical win rate, in funnel order. */
  readonly stages: Row[];
}

export async function querySalesForecast(engine: Engine, marts: ExposureMarts): Promise<SalesForecastData> {
  const [weeks, snapshot, stages] = await Promise.all([
    queryRows(
      engine,
      `select week_start_date, week_offset, is_run_week, expected_deal_count, expected_close_amount, weighted_expected_amount, committed_amount, ` +
        `overdue_deal_count, overdue_amount, cumulative_weighted_expected_amount, won_deal_count, won_amount ` +
        `from ${marts.relation('mart_sales_forecast_weekly')} order by week_start_date`,
      'weekly forecast',
    ),
    queryRows(
      engine,
      `select snapshot_date, open_pipeline_amount, weighted_pipeline_amount from (` +
        `select snapshot_date, open_pipeline_amount, weighted_pipeline_amount from ${marts.relation('mart_pipeline_daily_snapshot')} ` +
        `order by snapshot_date desc limit ${PIPELINE_TREND_DAYS}) as recent order by snapshot_date`,
      'pipeline trend',
    ),
    queryRows(
      engine,
      `select stage, historical_win_rate_by_count, deal_count, pipeline_amount from ${marts.relation('mart_sales_pipeline')} where is_open_stage order by stage_order`,
      'win rate by stage',
    ),
  ]);
  return { weeks, snapshot, stages };
}
