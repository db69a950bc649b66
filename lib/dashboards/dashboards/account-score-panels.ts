/**
 * Account Health's panels of the churn and upsell models (mart_account_scores): how the probabilities
 * spread over the recent customers and the customers most likely to churn, or one panel saying that
 * the warehouse has no scores.
 */
import { cartesianChart } from '../charts/cartesian-chart.ts';
import { MEANING_COLORS } from '../charts/chart-style.ts';
import type { Panel } from '../dashboard-model.ts';
import {
  HIGHEST_CHURN_RISK_LIST_SIZE,
  RECENT_CUSTOMER_RULE,
  SCORE_BAND_RULE,
  type AccountHealthScores,
} from '../queries/account-scores-queries.ts';
import { pivot } from '../queries/row-columns.ts';

/** Ten buckets of ten percentage points; the last includes 100%. */
const PROBABILITY_BUCKETS = Array.from({ length: 10 }, (_, bucket) => String(bucket));

/** `scored`: the scores' figures, or what to say instead of them (findScores). */
export function scorePanels(scored: AccountHealthScores | { readonly missing: string }, churnHorizonDays: unknown): Panel[] {
  if ('missing' in scored) {
    return [{ kind: 'message', id: 'churn_and_upsell_scores', title: 'Churn and upsell scores', width: 'full', message: scored.missing }];
  }
  const series = pivot(scored.distribution, { keyColumn: 'bucket', seriesColumn: 'target', valueColumn: 'account_count', rowKeys: PROBABILITY_BUCKETS, seriesOrder: ['churn', 'upsell'] });
  return [
    {
      kind: 'chart',
      id: 'score_distribution',
      title: 'Churn and upsell probability',
      subtitle: `Accounts per 10 points of predicted probability, ${RECENT_CUSTOMER_RULE}`,
      width: 'third',
      option: cartesianChart({
        categories: PROBABILITY_BUCKETS.map((bucket) => (bucket === '9' ? '90-100%' : `${Number(bucket) * 10}-${Number(bucket) * 10 + 9}%`)),
        primaryAxis: { format: 'count' },
        series: series.map((each) => ({
          name: each.name === 'churn' ? 'Churn' : 'Upsell',
          type: 'bar' as const,
          values: each.values,
          format: 'count' as const,
          color: each.name === 'churn' ? MEANING_COLORS.critical : MEANING_COLORS.won,
        })),
      }),
    },
    {
      kind: 'table',
      id: 'highest_churn_risk',
      title: 'Highest churn risk',
      subtitle: `The ${HIGHEST_CHURN_RISK_LIST_SIZE} ${RECENT_CUSTOMER_RULE} most likely to have none in the next ${String(churnHorizonDays)} days (var churn_horizon_days), by the churn model (bands: ${SCORE_BAND_RULE})`,
      width: 'two-thirds',
      emptyText: 'No customer had revenue in the last 180 days.',
      rows: scored.highestChurnRisk,
      columns: [
        { key: 'account_name', label: 'Account', format: 'text', link: { exposure: 'customer_360_view', idKey: 'account_id' } },
        { key: 'owner_name', label: 'Owner', format: 'text' },
        { key: 'churn_probability', label: 'Churn', format: 'percent' },
        { key: 'churn_band', label: 'Band', format: 'label' },
        { key: 'churn_reasons', label: 'Top reasons', format: 'text' },
        { key: 'upsell_probability', label: 'Upsell', format: 'percent' },
        { key: 'revenue_180_days', label: 'Revenue 180d', format: 'currency' },
      ],
    },
  ];
}
