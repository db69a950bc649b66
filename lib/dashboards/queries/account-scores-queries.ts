/**
 * The churn and upsell scores of mart_account_scores, which the score step writes after a build
 * (lib/scoring; README "Cohorts, churn and upsell"), as Customer 360 and Account Health read them. A
 * warehouse built without that step has no such table: the dashboards then say so instead of failing.
 * Bands turn a probability into words; the models learn from existing customers (revenue in the 180 days
 * before the scoring snapshot, the day after the run date), so lists of scored accounts keep to those.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import type { KpiDefinition } from '../dashboard-model.ts';
import { humanize } from '../format/value-format.ts';
import type { ExposureMarts } from '../exposure-marts.ts';
import { queryRows } from './run-queries.ts';

export const SCORES_TABLE = 'mart_account_scores';

/** Highest first: a probability takes the first band whose minimum it reaches. */
export const SCORE_BANDS = [
  { band: 'high', minimum: 0.5 },
  { band: 'medium', minimum: 0.25 },
  { band: 'low', minimum: 0 },
] as const;

/** `high ≥ 50%, medium ≥ 25%, low below`, for subtitles and descriptions. */
export const SCORE_BAND_RULE = SCORE_BANDS.map((band) => (band.minimum > 0 ? `${band.band} ≥ ${band.minimum * 100}%` : `${band.band} below`)).join(', ');

export const SCORES_MISSING_MESSAGE =
  'Churn and upsell scores are not in this warehouse: it was built without the score step. ' +
  'Run "npx crm-warehouse score" after "build" (npm start runs both), then "npx crm-warehouse docs".';

/** Accounts in the distribution and the lists: customers with revenue in the 180 days to the run date. */
export const RECENT_CUSTOMER_RULE = 'customers with revenue in the 180 days to the run date';

export const HIGHEST_CHURN_RISK_LIST_SIZE = 15;

/** The band of a probability, as SQL over `column` (null when the account has no score). */
export function scoreBandSql(column: string): string {
  const [high, medium, low] = SCORE_BANDS;
  return (
    `case when ${column} is null then null when ${column} >= ${high.minimum} then '${high.band}' ` +
    `when ${column} >= ${medium.minimum} then '${medium.band}' else '${low.band}' end`
  );
}

/** Where the scores are, or what the pages say instead of them. */
export type ScoresLookup = { readonly relation: string } | { readonly missing: string };

/**
 * The scores table as SQL when it holds this run's scores: those of the scoring snapshot, the day after
 * the run date. A warehouse built without the score step has none; one built again since its last `score`
 * has the scores of an earlier day, which the pages must not show as today's.
 */
export async function findScores(engine: Engine, marts: ExposureMarts, runDate: string): Promise<ScoresLookup> {
  const table = marts.stepTable(SCORES_TABLE);
  if ((await engine.relationKind(table.relation)) === undefined) return { missing: SCORES_MISSING_MESSAGE };
  const [row] = await queryRows(engine, `select max(snapshot_date) as snapshot_date from ${table.text}`, 'scoring snapshot');
  const snapshot = row?.snapshot_date === null || row?.snapshot_date === undefined ? null : String(row.snapshot_date).slice(0, 10);
  const expected = dayAfter(runDate);
  if (snapshot !== null && snapshot !== expected) {
    return {
      missing:
        `The churn and upsell scores in this warehouse are those of ${snapshot}, not of this run (run date ${runDate}, scored as of ${expected}): ` +
        'the warehouse was built again after its last score step. Run "npx crm-warehouse score", then "npx crm-warehouse docs".',
    };
  }
  return { relation: table.text };
}

function dayAfter(isoDate: string): string {
  const day = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (!Number.isFinite(day)) throw new Error(`run date '${isoDate}' is not a YYYY-MM-DD date`);
  return new Date(day + 86_400_000).toISOString().slice(0, 10);
}

/** A row's reason columns (`churn_reason_1..3`) as one readable list: `Order count last 90 days, Tenure days`. */
export function reasonsText(row: Row, target: 'churn' | 'upsell'): string | null {
  const reasons = [1, 2, 3].map((rank) => row[`${target}_reason_${rank}`]).filter((reason) => reason !== null && reason !== undefined && reason !== '');
  return reasons.length === 0 ? null : reasons.map((reason) => humanize(String(reason))).join(', ');
}

/** Account Health's tile of the churn model: the recent customers in the high churn band and their revenue. */
export function likelyToChurnKpi(marts: ExposureMarts, scores: string): KpiDefinition {
  const health = marts.relation('mart_account_health');
  const [high] = SCORE_BANDS;
  const likely = `s.churn_probability >= ${high.minimum}`;
  return {
    id: 'customers_likely_to_churn',
    label: 'Likely to churn',
    format: 'count',
    description: `Customers with revenue in the 180 days to the run date whose churn probability is ${high.minimum * 100}% or more (the churn model, mart_account_scores).`,
    sql:
      `select sum(case when ${likely} then 1 else 0 end) as value, ` +
      `sum(case when ${likely} then h.revenue_last_90_days + h.revenue_previous_90_days else 0 end) as detail ` +
      `from ${scores} as s inner join ${health} as h on h.account_id = s.account_id where (h.revenue_last_90_days + h.revenue_previous_90_days) > 0`,
    detail: { format: 'currency_compact', suffix: 'revenue in 180 days' },
    tone: 'risk',
  };
}

export interface AccountHealthScores {
  /** Accounts per tenth of probability (bucket 0 = 0-9% .. 9 = 90-100%), per target. */
  readonly distribution: Row[];
  /** The recent customers with the highest churn probability. */
  readonly highestChurnRisk: Row[];
}

export async function queryAccountHealthScores(engine: Engine, marts: ExposureMarts, scores: string): Promise<AccountHealthScores> {
  const health = marts.relation('mart_account_health');
  const recent = `(h.revenue_last_90_days + h.revenue_previous_90_days) > 0`;
  const bucket = (column: string): string => `case when s.${column} >= 0.9 then 9 else cast(floor(s.${column} * 10) as integer) end`;
  const distributionOf = (target: 'churn' | 'upsell'): string =>
    `select '${target}' as target, ${bucket(`${target}_probability`)} as bucket, count(*) as account_count ` +
    `from ${scores} as s inner join ${health} as h on h.account_id = s.account_id where ${recent} group by ${bucket(`${target}_probability`)}`;
  const [distribution, highestChurnRisk] = await Promise.all([
    queryRows(engine, `${distributionOf('churn')} union all ${distributionOf('upsell')} order by target, bucket`, 'score distribution'),
    queryRows(
      engine,
      `select h.account_id, h.account_name, h.account_category, h.owner_name, s.churn_probability, ${scoreBandSql('s.churn_probability')} as churn_band, ` +
        `s.churn_reason_1, s.churn_reason_2, s.churn_reason_3, s.upsell_probability, h.revenue_last_90_days + h.revenue_previous_90_days as revenue_180_days ` +
        `from ${scores} as s inner join ${health} as h on h.account_id = s.account_id where ${recent} ` +
        `order by s.churn_probability desc, h.account_id limit ${HIGHEST_CHURN_RISK_LIST_SIZE}`,
      'highest churn risk',
    ),
  ]);
  return { distribution, highestChurnRisk: highestChurnRisk.map((row) => ({ ...row, churn_reasons: reasonsText(row, 'churn') })) };
}
