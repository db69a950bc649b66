/** Sales Activity: how much the team sells (calls, emails, meetings), who is productive, and whether engagement wins deals. */
import { cartesianChart } from '../charts/cartesian-chart.ts';
import { MEANING_COLORS, SERIES_COLORS } from '../charts/chart-style.ts';
import type { DashboardDefinition } from '../dashboard-definition.ts';
import { WEEK_TO_DATE_NOTE, weekLabel } from '../format/period-labels.ts';
import { humanize } from '../format/value-format.ts';
import { querySalesActivity, salesActivityKpis } from '../queries/sales-activity-queries.ts';
import { queryKpis } from '../queries/run-queries.ts';
import { numbers, texts } from '../queries/row-columns.ts';

const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note', 'task'] as const;

/** Reps in the productivity chart; the table lists them all. */
const CHART_REPS = 15;

export const salesActivityDashboard: DashboardDefinition = {
  exposure: 'sales_activity_dashboard',
  navLabel: 'Activity',
  async build({ engine, marts, runDate }) {
    const [kpis, data] = await Promise.all([queryKpis(engine, salesActivityKpis(marts)), querySalesActivity(engine, marts)]);
    const chartReps = data.reps.slice(0, CHART_REPS);
    return {
      kpis,
      panels: [
        {
          kind: 'chart',
          id: 'weekly_activities',
          title: 'Activities by week',
          subtitle: `By type, with the share completed · last 13 weeks · ${WEEK_TO_DATE_NOTE}`,
          width: 'two-thirds',
          option: cartesianChart({
            categories: texts(data.weeks, 'week_start_date').map((week) => weekLabel(week, runDate)),
            primaryAxis: { format: 'count' },
            secondaryAxis: { format: 'percent', min: 0, max: 1 },
            series: [
              ...ACTIVITY_TYPES.map((type, index) => ({
                name: `${humanize(type)}s`,
                type: 'bar' as const,
                stack: 'activities',
                values: numbers(data.weeks, `${type}_count`),
                format: 'count' as const,
                color: SERIES_COLORS[index],
              })),
              { name: 'Completion rate', type: 'line', axis: 'secondary', values: numbers(data.weeks, 'completion_rate'), format: 'percent', color: '#0f172a' },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'activity_deal_correlation',
          title: 'Do more activities win more deals?',
          subtitle: 'Win rate of closed deals by the number of activities logged on the deal · all time',
          width: 'third',
          option: cartesianChart({
            categories: texts(data.bands, 'activity_band'),
            primaryAxis: { format: 'percent', min: 0 },
            legend: false,
            series: [{ name: 'Win rate', type: 'bar', values: numbers(data.bands, 'win_rate_by_count'), format: 'percent', color: MEANING_COLORS.won, labels: true }],
          }),
        },
        {
          kind: 'chart',
          id: 'rep_activity',
          title: 'Activities per rep',
          subtitle: `Last 30 days · the ${chartReps.length} most active reps`,
          width: 'half',
          height: 420,
          option: cartesianChart({
            categories: texts(chartReps, 'owner_name'),
            orientation: 'horizontal',
            primaryAxis: { format: 'count' },
            legend: false,
            series: [{ name: 'Activities, last 30 days', type: 'bar', values: numbers(chartReps, 'activity_count_last_30_days'), format: 'count', color: MEANING_COLORS.primary, labels: true }],
          }),
        },
        {
          kind: 'chart',
          id: 'daily_completed_activities',
          title: 'Completed activities',
          subtitle: 'Completed in the 7 days ending each day · last 180 days',
          width: 'half',
          height: 420,
          option: cartesianChart({
            categories: texts(data.days, 'date_day'),
            axisType: 'time',
            primaryAxis: { format: 'count' },
            legend: false,
            series: [{ name: 'Completed, 7 days', type: 'line', area: true, values: numbers(data.days, 'activities_completed_7_day_count'), format: 'count', color: MEANING_COLORS.primary }],
          }),
        },
        {
          kind: 'table',
          id: 'rep_productivity',
          title: 'Rep productivity',
          subtitle: 'Reps who logged activities, most active in the last 30 days first',
          width: 'full',
          emptyText: 'No activities have been logged.',
          rows: data.reps,
          columns: [
            { key: 'owner_name', label: 'Rep', format: 'text' },
            { key: 'team', label: 'Team', format: 'text' },
            { key: 'activity_count_last_30_days', label: 'Activities 30d', format: 'count' },
            { key: 'average_weekly_activities_last_12_weeks', label: 'Per week (12w)', format: 'decimal' },
            { key: 'activity_completion_rate', label: 'Completion', format: 'percent' },
            { key: 'call_count', label: 'Calls', format: 'count' },
            { key: 'email_count', label: 'Emails', format: 'count' },
            { key: 'meeting_count', label: 'Meetings', format: 'count' },
            { key: 'accounts_touched_count', label: 'Accounts touched', format: 'count' },
            { key: 'win_rate_engaged_deals', label: 'Win rate, engaged', format: 'percent' },
            { key: 'win_rate_low_touch_deals', label: 'Win rate, low touch', format: 'percent' },
          ],
        },
        {
          kind: 'table',
          id: 'stale_open_deals',
          title: 'Open deals waiting for a touch',
          subtitle: 'Open deals with the longest time since their last completed activity',
          width: 'half',
          emptyText: 'Every open deal was touched recently.',
          rows: data.staleDeals.map((deal) => ({ ...deal, stage: humanize(String(deal.stage ?? '')) })),
          columns: [
            { key: 'deal_name', label: 'Deal', format: 'text', link: { exposure: 'customer_360_view', idKey: 'account_id' } },
            { key: 'stage', label: 'Stage', format: 'text' },
            { key: 'owner_name', label: 'Owner', format: 'text' },
            { key: 'amount', label: 'Amount', format: 'currency' },
            { key: 'days_since_last_touch', label: 'Days since touch', format: 'count', missingText: 'never' },
          ],
        },
        {
          kind: 'table',
          id: 'accounts_going_cold',
          title: 'Accounts going cold',
          subtitle: 'Accounts worked before, with the longest time since their last touch',
          width: 'half',
          emptyText: 'No account has gone quiet.',
          rows: data.coldAccounts,
          columns: [
            { key: 'account_name', label: 'Account', format: 'text', link: { exposure: 'customer_360_view', idKey: 'account_id' } },
            { key: 'account_category', label: 'Segment', format: 'text' },
            { key: 'owner_name', label: 'Owner', format: 'text' },
            { key: 'last_touch_date', label: 'Last touch', format: 'date' },
            { key: 'days_since_last_touch', label: 'Days', format: 'count' },
          ],
        },
      ],
    };
  },
};
