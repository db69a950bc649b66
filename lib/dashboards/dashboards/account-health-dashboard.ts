/**
 * Account Health: which accounts are at risk, why (the score's components), and what is at stake; then
 * what the churn and upsell models predict (mart_account_scores), when the warehouse has the scores.
 */
import { cartesianChart } from '../charts/cartesian-chart.ts';
import { MEANING_COLORS, SERIES_COLORS } from '../charts/chart-style.ts';
import { donutChart } from '../charts/donut-chart.ts';
import type { DashboardDefinition } from '../dashboard-definition.ts';
import { humanize } from '../format/value-format.ts';
import { RISK_BANDS, RISK_COMPONENTS, accountHealthKpis, queryAccountHealth } from '../queries/account-health-queries.ts';
import { findScores, likelyToChurnKpi, queryAccountHealthScores } from '../queries/account-scores-queries.ts';
import { numbers, pivot, texts } from '../queries/row-columns.ts';
import { queryKpis } from '../queries/run-queries.ts';
import { scorePanels } from './account-score-panels.ts';

const BAND_COLORS: Record<string, string> = {
  low: MEANING_COLORS.low,
  medium: MEANING_COLORS.medium,
  high: MEANING_COLORS.high,
  critical: MEANING_COLORS.critical,
};

/** The ten risk score buckets of the distribution chart (bucket n = scores 10n to 10n+9; the last includes 100). */
const SCORE_BUCKETS = Array.from({ length: 10 }, (_, bucket) => String(bucket));

export const accountHealthDashboard: DashboardDefinition = {
  exposure: 'account_health_dashboard',
  navLabel: 'Account health',
  async build({ engine, marts, runDate, vars }) {
    const scores = await findScores(engine, marts, runDate);
    const [kpis, data, scored] = await Promise.all([
      queryKpis(engine, [...accountHealthKpis(marts), ...('relation' in scores ? [likelyToChurnKpi(marts, scores.relation)] : [])]),
      queryAccountHealth(engine, marts),
      'relation' in scores ? queryAccountHealthScores(engine, marts, scores.relation) : scores,
    ]);
    const segments = [...new Set(texts(data.segments, 'account_category'))];
    // Bands in risk order, only those some account is in: an empty band would be a legend entry with nothing to show.
    const bands = new Set(texts(data.segments, 'risk_band'));
    const bySegment = pivot(data.segments, {
      keyColumn: 'account_category',
      seriesColumn: 'risk_band',
      valueColumn: 'account_count',
      rowKeys: segments,
      seriesOrder: RISK_BANDS.filter((band) => bands.has(band)),
    });
    const [distribution] = pivot(
      data.scoreBuckets.map((row) => ({ ...row, series: 'accounts' })),
      { keyColumn: 'bucket', seriesColumn: 'series', valueColumn: 'account_count', rowKeys: SCORE_BUCKETS, seriesOrder: ['accounts'] },
    );
    return {
      kpis,
      panels: [
        {
          kind: 'chart',
          id: 'accounts_by_risk_band',
          title: 'Accounts by risk band',
          subtitle: 'Risk score 0-100: low < 25, medium 25-49, high 50-74, critical 75+',
          width: 'third',
          option: donutChart({
            seriesName: 'Accounts',
            format: 'count',
            totalLabel: 'accounts',
            slices: data.bands.map((row) => ({
              name: humanize(String(row.risk_band)),
              value: Number(row.account_count),
              color: BAND_COLORS[String(row.risk_band)] ?? MEANING_COLORS.neutral,
            })),
          }),
        },
        {
          kind: 'chart',
          id: 'risk_drivers',
          title: 'What drives the risk score',
          subtitle: 'Mean points of each component per band (recency 25, activity 15, urgent tickets 20, SLA breaches 20, revenue trend 20)',
          width: 'two-thirds',
          option: cartesianChart({
            categories: texts(data.bands, 'risk_band').map((band) => `${humanize(band)} risk`),
            orientation: 'horizontal',
            primaryAxis: { format: 'decimal', name: 'points' },
            series: RISK_COMPONENTS.map((component, index) => ({
              name: component.label,
              type: 'bar' as const,
              stack: 'score',
              values: numbers(data.bands, component.column),
              format: 'decimal' as const,
              color: SERIES_COLORS[index],
            })),
          }),
        },
        {
          kind: 'chart',
          id: 'risk_by_segment',
          title: 'Risk by segment',
          subtitle: 'Accounts per segment and risk band',
          width: 'third',
          option: cartesianChart({
            categories: segments,
            primaryAxis: { format: 'count' },
            series: bySegment.map((series) => ({
              name: humanize(series.name),
              type: 'bar' as const,
              stack: 'accounts',
              values: series.values,
              format: 'count' as const,
              color: BAND_COLORS[series.name] ?? MEANING_COLORS.neutral,
            })),
          }),
        },
        {
          kind: 'chart',
          id: 'risk_score_distribution',
          title: 'Risk score distribution',
          subtitle: 'Accounts per 10 points of risk score',
          width: 'third',
          option: cartesianChart({
            categories: SCORE_BUCKETS.map((bucket) => (bucket === '9' ? '90-100' : `${Number(bucket) * 10}-${Number(bucket) * 10 + 9}`)),
            primaryAxis: { format: 'count' },
            legend: false,
            series: [{ name: 'Accounts', type: 'bar', values: distribution?.values ?? SCORE_BUCKETS.map(() => 0), format: 'count', color: MEANING_COLORS.rate }],
          }),
        },
        {
          kind: 'chart',
          id: 'last_touch_recency',
          title: 'Time since last touch',
          subtitle: 'Accounts by days since their last completed activity (never: no activity yet)',
          width: 'third',
          option: cartesianChart({
            categories: texts(data.recency, 'recency_band'),
            primaryAxis: { format: 'count' },
            legend: false,
            series: [{ name: 'Accounts', type: 'bar', values: numbers(data.recency, 'account_count'), format: 'count', color: MEANING_COLORS.primary, labels: true }],
          }),
        },
        {
          kind: 'table',
          id: 'accounts_most_at_risk',
          title: 'Accounts most at risk',
          subtitle: 'High and critical accounts by risk score, then open pipeline',
          width: 'full',
          emptyText: 'No account is at high or critical risk.',
          rows: data.atRisk,
          columns: [
            { key: 'account_name', label: 'Account', format: 'text', link: { exposure: 'customer_360_view', idKey: 'account_id' } },
            { key: 'account_category', label: 'Segment', format: 'text' },
            { key: 'owner_name', label: 'Owner', format: 'text' },
            { key: 'risk_score', label: 'Risk score', format: 'count' },
            { key: 'risk_band', label: 'Band', format: 'label' },
            { key: 'days_since_last_touch', label: 'Days since touch', format: 'count', missingText: 'never' },
            { key: 'activity_count_last_30_days', label: 'Activities 30d', format: 'count' },
            { key: 'open_urgent_ticket_count', label: 'Urgent tickets', format: 'count' },
            { key: 'sla_breach_count_last_90_days', label: 'SLA breaches 90d', format: 'count' },
            { key: 'revenue_trend_rate', label: 'Revenue trend', format: 'percent_change' },
            { key: 'open_pipeline_amount', label: 'Open pipeline', format: 'currency' },
          ],
        },
        ...scorePanels(scored, vars.churn_horizon_days),
      ],
    };
  },
};
