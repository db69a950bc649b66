/** Sales Forecast: what is expected to close week by week, what is committed, and what has slipped. */
import { cartesianChart } from '../charts/cartesian-chart.ts';
import { MEANING_COLORS } from '../charts/chart-style.ts';
import type { DashboardDefinition } from '../dashboard-definition.ts';
import { formatDayMonth, humanize } from '../format/value-format.ts';
import { numbers, texts } from '../queries/row-columns.ts';
import { queryKpis } from '../queries/run-queries.ts';
import { PIPELINE_TREND_DAYS, forecastWindow, querySalesForecast, salesForecastKpis } from '../queries/sales-forecast-queries.ts';

export const salesForecastDashboard: DashboardDefinition = {
  exposure: 'sales_forecast_report',
  navLabel: 'Forecast',
  async build({ engine, marts, vars }) {
    const window = forecastWindow(vars);
    const [kpis, data] = await Promise.all([queryKpis(engine, salesForecastKpis(marts, window)), querySalesForecast(engine, marts)]);
    // The run date's week is marked in its label: to its left are actuals, from it on the forecast.
    const weekLabels = data.weeks.map((week) => `${formatDayMonth(String(week.week_start_date))}${week.is_run_week === true ? ' ◆' : ''}`);
    const ahead = data.weeks.filter((week) => Number(week.week_offset) >= 0);
    const past = data.weeks.filter((week) => Number(week.week_offset) <= 0);
    return {
      kpis,
      panels: [
        {
          kind: 'chart',
          id: 'weekly_forecast',
          title: 'Weekly forecast',
          subtitle: `Open deals by expected close week: expected, weighted and committed amounts; won actuals for past weeks (◆ = the run date's week)`,
          width: 'full',
          height: 360,
          option: cartesianChart({
            categories: weekLabels,
            primaryAxis: { format: 'currency_compact' },
            secondaryAxis: { format: 'currency_compact', name: 'cumulative' },
            series: [
              { name: 'Expected', type: 'bar', values: numbers(data.weeks, 'expected_close_amount'), format: 'currency', color: '#bfdbfe' },
              { name: 'Weighted', type: 'bar', values: numbers(data.weeks, 'weighted_expected_amount'), format: 'currency', color: MEANING_COLORS.primary },
              { name: 'Committed', type: 'bar', values: numbers(data.weeks, 'committed_amount'), format: 'currency', color: MEANING_COLORS.committed },
              { name: 'Won', type: 'bar', values: numbers(data.weeks, 'won_amount'), format: 'currency', color: MEANING_COLORS.won },
              {
                name: 'Cumulative weighted',
                type: 'line',
                axis: 'secondary',
                values: numbers(data.weeks, 'cumulative_weighted_expected_amount'),
                format: 'currency',
                color: MEANING_COLORS.warning,
                dashed: true,
              },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'slipped_by_week',
          title: 'Slipped deals by week',
          subtitle: 'Open deals whose expected close week has passed, by that week',
          width: 'third',
          option: cartesianChart({
            categories: past.map((week) => formatDayMonth(String(week.week_start_date))),
            primaryAxis: { format: 'currency_compact' },
            secondaryAxis: { format: 'count' },
            series: [
              { name: 'Overdue amount', type: 'bar', values: numbers(past, 'overdue_amount'), format: 'currency', color: MEANING_COLORS.lost },
              { name: 'Overdue deals', type: 'line', axis: 'secondary', values: numbers(past, 'overdue_deal_count'), format: 'count', color: MEANING_COLORS.neutral },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'pipeline_trend',
          title: 'Open pipeline trend',
          subtitle: `Open and weighted pipeline at the end of each day · last ${data.snapshot.length} of ${PIPELINE_TREND_DAYS} days`,
          width: 'third',
          option: cartesianChart({
            categories: texts(data.snapshot, 'snapshot_date'),
            axisType: 'time',
            primaryAxis: { format: 'currency_compact' },
            series: [
              { name: 'Open pipeline', type: 'line', area: true, values: numbers(data.snapshot, 'open_pipeline_amount'), format: 'currency', color: MEANING_COLORS.primary },
              { name: 'Weighted pipeline', type: 'line', values: numbers(data.snapshot, 'weighted_pipeline_amount'), format: 'currency', color: MEANING_COLORS.warning },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'stage_win_rates',
          title: 'How often each stage wins',
          subtitle: 'Closed deals that passed through the stage: won / (won + lost)',
          width: 'third',
          option: cartesianChart({
            categories: texts(data.stages, 'stage').map(humanize),
            primaryAxis: { format: 'percent', min: 0, max: 1 },
            legend: false,
            series: [{ name: 'Historical win rate', type: 'bar', values: numbers(data.stages, 'historical_win_rate_by_count'), format: 'percent', color: MEANING_COLORS.won, labels: true }],
          }),
        },
        {
          kind: 'table',
          id: 'forecast_by_week',
          title: 'Forecast by week',
          subtitle: `The run date's week and the ${window.weeksAhead} after it`,
          width: 'full',
          emptyText: 'No open deal is expected to close in the window.',
          rows: ahead,
          columns: [
            { key: 'week_start_date', label: 'Week of', format: 'date' },
            { key: 'expected_deal_count', label: 'Deals', format: 'count' },
            { key: 'expected_close_amount', label: 'Expected', format: 'currency' },
            { key: 'weighted_expected_amount', label: 'Weighted', format: 'currency' },
            { key: 'committed_amount', label: 'Committed', format: 'currency' },
            { key: 'overdue_deal_count', label: 'Slipped deals', format: 'count' },
            { key: 'cumulative_weighted_expected_amount', label: 'Cumulative weighted', format: 'currency' },
          ],
        },
      ],
    };
  },
};
