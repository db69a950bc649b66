/**
 * The Sales Activity dashboard's SQL: activity volume and completion (mart_daily_activity_series,
 * mart_sales_activity), rep productivity (mart_rep_scorecard), whether engagement wins deals
 * (mart_activity_deal_correlation) and where engagement is missing (mart_account_engagement,
 * mart_deal_engagement). Periods end on the run date: "30 days" are the run date and the 29 days
 * before it, "12 weeks" the 84 days ending on it.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import type { KpiDefinition } from '../dashboard-model.ts';
import type { ExposureMarts } from '../exposure-marts.ts';
import { queryRows } from './run-queries.ts';

/** The activity bands of mart_activity_deal_correlation that the win-rate tile counts as engaged deals: 6 activities or more. */
export const ENGAGED_DEAL_MIN_ACTIVITIES = 6;
const ENGAGED_BANDS = `activity_band in ('6-9', '10+')`;

/** Rows of the rankings and watch lists. */
export const WATCH_LIST_SIZE = 10;

export function salesActivityKpis(marts: ExposureMarts): KpiDefinition[] {
  const daily = marts.relation('mart_daily_activity_series');
  const days = `select *, row_number() over (order by date_day desc) as days_back from ${daily}`;
  const accounts = marts.relation('mart_account_engagement');
  const correlation = marts.relation('mart_activity_deal_correlation');
  return [
    {
      id: 'activities_30_days',
      label: 'Activities',
      period: '30 days',
      format: 'count',
      description: 'Activities (calls, emails, meetings, notes, tasks) dated in the 30 days ending on the run date; the detail compares with the 30 days before.',
      sql:
        `with days as (${days}) ` +
        `select sum(case when days_back <= 30 then activities_count else 0 end) as value, ` +
        `cast(sum(case when days_back <= 30 then activities_count else 0 end) as double precision) / ` +
        `nullif(sum(case when days_back > 30 and days_back <= 60 then activities_count else 0 end), 0) - 1 as detail from days`,
      detail: { format: 'percent_change', suffix: 'vs previous 30 days' },
    },
    {
      id: 'completion_rate_12_weeks',
      label: 'Completion rate',
      period: '12 weeks',
      format: 'percent',
      description: 'Completed activities / activities dated in the 84 days ending on the run date.',
      sql:
        `with days as (${days}) ` +
        `select cast(sum(activities_completed_count) as double precision) / nullif(sum(activities_count), 0) as value, ` +
        `sum(activities_completed_count) as detail from days where days_back <= 84`,
      detail: { format: 'count', suffix: 'completed' },
    },
    {
      id: 'activities_per_rep_week',
      label: 'Activities per rep',
      period: 'per week',
      format: 'decimal',
      description: 'Rep productivity: mean weekly activities over the last 12 weeks of the reps who logged any.',
      sql:
        `select avg(average_weekly_activities_last_12_weeks) as value, count(*) as detail ` +
        `from ${marts.relation('mart_rep_scorecard')} where average_weekly_activities_last_12_weeks > 0`,
      detail: { format: 'count', suffix: 'active reps' },
    },
    {
      id: 'accounts_touched_30_days',
      label: 'Accounts touched',
      period: '30 days',
      format: 'count',
      description: 'Accounts with an activity dated in the 30 days ending on the run date.',
      sql:
        `select sum(case when activity_count_last_30_days > 0 then 1 else 0 end) as value, ` +
        `cast(sum(case when activity_count_last_30_days > 0 then 1 else 0 end) as double precision) / nullif(count(*), 0) as detail from ${accounts}`,
      detail: { format: 'percent', suffix: 'of all accounts' },
    },
    {
      id: 'engaged_deal_win_rate',
      label: `Win rate, ${ENGAGED_DEAL_MIN_ACTIVITIES}+ activities`,
      format: 'percent',
      description: `Won / closed deals among deals with ${ENGAGED_DEAL_MIN_ACTIVITIES} or more activities; the detail is the same rate for deals with fewer.`,
      sql:
        `select cast(sum(case when ${ENGAGED_BANDS} then won_deal_count else 0 end) as double precision) / ` +
        `nullif(sum(case when ${ENGAGED_BANDS} then won_deal_count + lost_deal_count else 0 end), 0) as value, ` +
        `cast(sum(case when not ${ENGAGED_BANDS} then won_deal_count else 0 end) as double precision) / ` +
        `nullif(sum(case when not ${ENGAGED_BANDS} then won_deal_count + lost_deal_count else 0 end), 0) as detail ` +
        `from ${correlation}`,
      detail: { format: 'percent', suffix: 'with fewer' },
    },
    {
      id: 'overdue_activities',
      label: 'Overdue activities',
      format: 'count',
      description: 'Activities not completed and due before the run date.',
      sql: `select sum(overdue_activity_count) as value from ${accounts}`,
      tone: 'risk',
    },
  ];
}

export interface SalesActivityData {
  /** The last 13 weeks with activities, oldest first. */
  readonly weeks: Row[];
  /** The 180 days ending on the run date, oldest first. */
  readonly days: Row[];
  readonly bands: Row[];
  /** Reps who logged activities, most active in the last 30 days first. */
  readonly reps: Row[];
  readonly coldAccounts: Row[];
  readonly staleDeals: Row[];
}

export async function querySalesActivity(engine: Engine, marts: ExposureMarts): Promise<SalesActivityData> {
  const reps = marts.relation('mart_rep_scorecard');
  const [weeks, days, bands, repRows, coldAccounts, staleDeals] = await Promise.all([
    queryRows(
      engine,
      `select week_start_date, call_count, email_count, meeting_count, note_count, task_count, activity_count, completion_rate from (` +
        `select week_start_date, sum(call_count) as call_count, sum(email_count) as email_count, sum(meeting_count) as meeting_count, ` +
        `sum(note_count) as note_count, sum(task_count) as task_count, sum(activity_count) as activity_count, ` +
        `cast(sum(completed_activity_count) as double precision) / nullif(sum(activity_count), 0) as completion_rate ` +
        `from ${marts.relation('mart_sales_activity')} group by week_start_date order by week_start_date desc limit 13` +
        `) as recent order by week_start_date`,
      'activities by week',
    ),
    queryRows(
      engine,
      `select date_day, activities_completed_7_day_count from (` +
        `select date_day, activities_completed_7_day_count from ${marts.relation('mart_daily_activity_series')} ` +
        `order by date_day desc limit 180) as recent order by date_day`,
      'daily activities',
    ),
    queryRows(
      engine,
      `select activity_band, deal_count, won_deal_count, lost_deal_count, win_rate_by_count from ${marts.relation('mart_activity_deal_correlation')} order by band_order`,
      'activity-to-deal correlation',
    ),
    queryRows(
      engine,
      `select owner_id, coalesce(owner_name, owner_id) as owner_name, team, region, activity_count_last_30_days, average_weekly_activities_last_12_weeks, ` +
        `activity_completion_rate, call_count, email_count, meeting_count, accounts_touched_count, win_rate_engaged_deals, win_rate_low_touch_deals ` +
        `from ${reps} where activity_count > 0 order by activity_count_last_30_days desc, owner_id`,
      'rep productivity',
    ),
    queryRows(
      engine,
      `select e.account_id, e.account_name, e.account_category, coalesce(r.owner_name, e.owner_id) as owner_name, e.last_touch_date, e.days_since_last_touch, ` +
        `e.activity_count, e.overdue_activity_count ` +
        `from ${marts.relation('mart_account_engagement')} as e left join ${reps} as r on r.owner_id = e.owner_id ` +
        // Accounts that were worked once and have gone quiet; never-touched accounts are a prospecting list, not a warning.
        `where e.last_touch_date is not null order by e.days_since_last_touch desc, e.account_id limit ${WATCH_LIST_SIZE}`,
      'accounts going cold',
    ),
    queryRows(
      engine,
      `select d.deal_id, d.account_id, d.deal_name, d.stage, d.amount, coalesce(r.owner_name, d.owner_id) as owner_name, d.activity_count, ` +
        `d.last_touch_date, d.days_since_last_touch ` +
        `from ${marts.relation('mart_deal_engagement')} as d left join ${reps} as r on r.owner_id = d.owner_id ` +
        `where d.is_open order by case when d.days_since_last_touch is null then 1 else 0 end desc, d.days_since_last_touch desc, d.amount desc, d.deal_id ` +
        `limit ${WATCH_LIST_SIZE}`,
      'open deals without a recent touch',
    ),
  ]);
  return { weeks, days, bands, reps: repRows, coldAccounts, staleDeals };
}
