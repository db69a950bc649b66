/**
 * mart_account_scores as plain SQL over the coefficients table, so every engine scores the same way: each
 * feature's contribution is coefficient × (value − center) / scale, the probability 1 / (1 + e^−Σ), and the
 * top reasons are the three largest positive contributions.
 */
import { MODEL_FEATURES, featureSelectList } from './model-features.ts';

export const INTERCEPT = '(intercept)';

export function scoringSelect(featuresRelation: string, coefficientsRelation: string): string {
  const value = MODEL_FEATURES.map((feature) => `when '${feature.name}' then features.f_${feature.name}`).join(' ');
  const probability = (target: string): string =>
    `cast(1 / (1 + exp(-max(case when logits.target = '${target}' then ` +
    `case when logits.logit > 30 then 30 when logits.logit < -30 then -30 else logits.logit end end))) as decimal(9,6))`;
  const reason = (target: string, rank: number): string =>
    `max(case when reasons.target = '${target}' and reasons.reason_rank = ${rank} then reasons.feature_name end)`;
  return `with

features as (
  select
  features.account_id,
  features.snapshot_date,
  ${featureSelectList()}
  from ${featuresRelation} as features
  where features.is_scoring_snapshot
),

contributions as (
  select
    features.account_id,
    coefficients.target,
    coefficients.feature_name,
    coefficients.coefficient
      * ((case coefficients.feature_name ${value} else 1 end) - coefficients.center) / coefficients.scale as contribution
  from features
  cross join ${coefficientsRelation} as coefficients
),

logits as (
  select account_id, target, sum(contribution) as logit
  from contributions
  group by account_id, target
),

reasons as (
  select
    account_id,
    target,
    feature_name,
    row_number() over (partition by account_id, target order by contribution desc, feature_name) as reason_rank
  from contributions
  where feature_name <> '${INTERCEPT}' and contribution > 0
)

select
  features.account_id,
  features.snapshot_date,
  ${probability('churn')} as churn_probability,
  ${probability('upsell')} as upsell_probability,
  reason_columns.churn_reason_1,
  reason_columns.churn_reason_2,
  reason_columns.churn_reason_3,
  reason_columns.upsell_reason_1,
  reason_columns.upsell_reason_2,
  reason_columns.upsell_reason_3
from features
inner join logits
  on features.account_id = logits.account_id
left join (
  select
    account_id,
    ${reason('churn', 1)} as churn_reason_1,
    ${reason('churn', 2)} as churn_reason_2,
    ${reason('churn', 3)} as churn_reason_3,
    ${reason('upsell', 1)} as upsell_reason_1,
    ${reason('upsell', 2)} as upsell_reason_2,
    ${reason('upsell', 3)} as upsell_reason_3
  from reasons
  where reason_rank <= 3
  group by account_id
) as reason_columns
  on features.account_id = reason_columns.account_id
group by
  features.account_id,
  features.snapshot_date,
  reason_columns.churn_reason_1,
  reason_columns.churn_reason_2,
  reason_columns.churn_reason_3,
  reason_columns.upsell_reason_1,
  reason_columns.upsell_reason_2,
  reason_columns.upsell_reason_3`;
}
