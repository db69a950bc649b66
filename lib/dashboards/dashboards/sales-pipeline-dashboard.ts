/** Sales Pipeline: where the open pipeline stands, how deals move through the funnel, who books. */
import { cartesianChart } from '../charts/cartesian-chart.ts';
import { MEANING_COLORS } from '../charts/chart-style.ts';
import { funnelChart } from '../charts/funnel-chart.ts';
import type { DashboardDefinition } from '../dashboard-definition.ts';
import { WEEK_TO_DATE_NOTE, weekLabel } from '../format/period-labels.ts';
import { formatMonth, humanize } from '../format/value-format.ts';
import { querySalesPipeline, salesPipelineKpis } from '../queries/sales-pipeline-queries.ts';
import { queryKpis } from '../queries/run-queries.ts';
import { numbers, texts } from '../queries/row-columns.ts';

const STAGE_COLORS = ['#1e40af', '#2563eb', '#3b82f6', '#60a5fa', MEANING_COLORS.won];

export const salesPipelineDashboard: DashboardDefinition = {
  exposure: 'sales_pipeline_dashboard',
  navLabel: 'Pipeline',
  async build({ engine, marts, runDate }) {
    const [kpis, data] = await Promise.all([queryKpis(engine, salesPipelineKpis(marts)), querySalesPipeline(engine, marts)]);
    const openStages = data.stages.filter((stage) => stage.is_open_stage === true);
    // The funnel ends at won: lost is where deals leave it, not a step of it.
    const funnelStages = data.stages.filter((stage) => stage.stage !== 'closed_lost');
    const snapshotDates = texts(data.snapshot, 'snapshot_date');
    return {
      kpis,
      panels: [
        {
          kind: 'chart',
          id: 'pipeline_trend',
          title: 'Open pipeline over time',
          subtitle: `Pipeline by stage at the end of each day · last ${data.snapshot.length} days`,
          width: 'two-thirds',
          option: cartesianChart({
            categories: snapshotDates,
            axisType: 'time',
            primaryAxis: { format: 'currency_compact' },
            series: [
              ...(['prospecting', 'qualification', 'proposal', 'negotiation'] as const).map((stage, index) => ({
                name: humanize(stage),
                type: 'line' as const,
                stack: 'pipeline',
                area: true,
                values: numbers(data.snapshot, `${stage}_amount`),
                format: 'currency' as const,
                color: STAGE_COLORS[index],
              })),
              { name: 'Weighted pipeline', type: 'line', values: numbers(data.snapshot, 'weighted_pipeline_amount'), format: 'currency', color: MEANING_COLORS.warning, dashed: true },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'stage_funnel',
          title: 'Stage funnel',
          subtitle: 'Deals that ever reached each stage · all time',
          width: 'third',
          option: funnelChart({
            seriesName: 'Deals that reached the stage',
            format: 'count',
            stages: funnelStages.map((stage, index) => ({
              name: stage.stage === 'closed_won' ? 'Won' : humanize(String(stage.stage)),
              value: Number(stage.deals_entered_count),
              color: STAGE_COLORS[index],
            })),
          }),
        },
        {
          kind: 'chart',
          id: 'pipeline_by_stage',
          title: 'Open pipeline by stage',
          subtitle: 'Deals now in each open stage · amount and weighted amount',
          width: 'half',
          option: cartesianChart({
            categories: openStages.map((stage) => humanize(String(stage.stage))),
            primaryAxis: { format: 'currency_compact' },
            series: [
              { name: 'Pipeline', type: 'bar', values: numbers(openStages, 'pipeline_amount'), format: 'currency', color: MEANING_COLORS.primary, labels: true },
              { name: 'Weighted pipeline', type: 'bar', values: numbers(openStages, 'weighted_pipeline_amount'), format: 'currency', color: MEANING_COLORS.weighted },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'stage_velocity',
          title: 'Stage velocity and conversion',
          subtitle: 'Mean days a deal spends in the stage · share that moves on to a later stage',
          width: 'half',
          option: cartesianChart({
            categories: openStages.map((stage) => humanize(String(stage.stage))),
            primaryAxis: { format: 'days' },
            secondaryAxis: { format: 'percent', min: 0, max: 1 },
            series: [
              { name: 'Days in stage', type: 'bar', values: numbers(openStages, 'average_days_in_stage'), format: 'days', color: MEANING_COLORS.primary, labels: true },
              { name: 'Conversion to next stage', type: 'line', axis: 'secondary', values: numbers(openStages, 'stage_conversion_rate'), format: 'percent', color: MEANING_COLORS.rate },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'bookings_by_month',
          title: 'Bookings and win rate by month',
          subtitle: 'Amount won per month · win rate by count, monthly and trailing 12 months',
          width: 'two-thirds',
          option: cartesianChart({
            categories: texts(data.months, 'month_start_date').map(formatMonth),
            primaryAxis: { format: 'currency_compact' },
            secondaryAxis: { format: 'percent', min: 0 },
            series: [
              { name: 'Bookings', type: 'bar', values: numbers(data.months, 'won_amount'), format: 'currency', color: MEANING_COLORS.won },
              { name: 'Win rate', type: 'line', axis: 'secondary', values: numbers(data.months, 'win_rate_by_count'), format: 'percent', color: MEANING_COLORS.rate },
              {
                name: 'Win rate, trailing 12 months',
                type: 'line',
                axis: 'secondary',
                values: numbers(data.months, 'win_rate_by_count_trailing_12_months'),
                format: 'percent',
                color: MEANING_COLORS.neutral,
                dashed: true,
              },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'weekly_deal_flow',
          title: 'Deal flow by week',
          subtitle: `Deals created, won and lost · last 13 weeks · ${WEEK_TO_DATE_NOTE}`,
          width: 'third',
          option: cartesianChart({
            categories: texts(data.weeks, 'week_start_date').map((week) => weekLabel(week, runDate)),
            primaryAxis: { format: 'count' },
            series: [
              { name: 'Created', type: 'bar', values: numbers(data.weeks, 'deals_created_count'), format: 'count', color: MEANING_COLORS.primary },
              { name: 'Won', type: 'bar', values: numbers(data.weeks, 'deals_won_count'), format: 'count', color: MEANING_COLORS.won },
              { name: 'Lost', type: 'bar', values: numbers(data.weeks, 'deals_lost_count'), format: 'count', color: MEANING_COLORS.lost },
            ],
          }),
        },
        {
          kind: 'table',
          id: 'rep_leaderboard',
          title: 'Rep leaderboard',
          subtitle: 'Reps with deals, by bookings (all time)',
          width: 'full',
          emptyText: 'No rep has a deal yet.',
          rows: data.reps,
          columns: [
            { key: 'owner_name', label: 'Rep', format: 'text' },
            { key: 'team', label: 'Team', format: 'text' },
            { key: 'region', label: 'Region', format: 'text' },
            { key: 'bookings_amount', label: 'Bookings', format: 'currency' },
            { key: 'bookings_amount_quarter_to_date', label: 'Bookings QTD', format: 'currency' },
            { key: 'won_deal_count', label: 'Deals won', format: 'count' },
            { key: 'win_rate_by_count', label: 'Win rate', format: 'percent' },
            { key: 'average_won_deal_amount', label: 'Avg deal', format: 'currency' },
            { key: 'average_days_to_close', label: 'Days to close', format: 'decimal' },
            { key: 'open_deal_count', label: 'Open deals', format: 'count' },
            { key: 'pipeline_amount', label: 'Pipeline', format: 'currency' },
            { key: 'weighted_pipeline_amount', label: 'Weighted', format: 'currency' },
          ],
        },
        {
          kind: 'table',
          id: 'manager_scorecard',
          title: 'Manager scorecard',
          subtitle: "Each sales manager's direct reports, by bookings",
          width: 'full',
          emptyText: 'No sales manager has direct reports with deals.',
          rows: data.managers,
          columns: [
            { key: 'manager_name', label: 'Manager', format: 'text' },
            { key: 'team', label: 'Team', format: 'text' },
            { key: 'region', label: 'Region', format: 'text' },
            { key: 'direct_report_count', label: 'Reports', format: 'count' },
            { key: 'bookings_amount', label: 'Bookings', format: 'currency' },
            { key: 'bookings_amount_quarter_to_date', label: 'Bookings QTD', format: 'currency' },
            { key: 'win_rate_by_count', label: 'Win rate', format: 'percent' },
            { key: 'pipeline_amount', label: 'Pipeline', format: 'currency' },
            { key: 'activities_per_direct_report', label: 'Activities per rep', format: 'count' },
          ],
        },
      ],
    };
  },
};
