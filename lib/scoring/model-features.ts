/**
 * The model's inputs: each a SQL expression over one row of mart_account_features. Training reads them through
 * the engine and scoring computes them with the same expressions, so both see exactly the same numbers.
 * Amounts, counts and day spans are taken as ln(1 + x): their effect grows with the order of magnitude.
 */
export interface ModelFeature {
  /** Stored in the coefficients table and shown as a reason. */
  readonly name: string;
  /** SQL over the columns of mart_account_features (alias `features`). */
  readonly expression: string;
}

const logOf = (column: string): string => `ln(1 + greatest(features.${column}, 0))`;
const categoryIs = (value: string): string => `case when features.account_category = '${value}' then 1 else 0 end`;

export const MODEL_FEATURES: readonly ModelFeature[] = [
  { name: 'days_since_last_activity', expression: logOf('days_since_last_activity') },
  { name: 'activity_count_last_30_days', expression: logOf('activity_count_last_30_days') },
  { name: 'activity_count_last_90_days', expression: logOf('activity_count_last_90_days') },
  { name: 'activity_trend', expression: `${logOf('activity_count_last_90_days')} - ${logOf('activity_count_previous_90_days')}` },
  { name: 'days_since_last_order', expression: logOf('days_since_last_order') },
  { name: 'order_count_last_90_days', expression: logOf('order_count_last_90_days') },
  { name: 'order_amount_last_90_days', expression: logOf('order_amount_last_90_days') },
  { name: 'order_amount_trend', expression: `${logOf('order_amount_last_90_days')} - ${logOf('order_amount_previous_90_days')}` },
  { name: 'order_amount_last_365_days', expression: logOf('order_amount_last_365_days') },
  { name: 'ticket_count_last_90_days', expression: logOf('ticket_count_last_90_days') },
  { name: 'sla_breach_count_last_90_days', expression: logOf('sla_breach_count_last_90_days') },
  { name: 'open_ticket_count', expression: logOf('open_ticket_count') },
  { name: 'open_urgent_ticket_count', expression: logOf('open_urgent_ticket_count') },
  { name: 'open_deal_count', expression: logOf('open_deal_count') },
  { name: 'won_deal_count_last_365_days', expression: logOf('won_deal_count_last_365_days') },
  { name: 'lost_deal_count_last_365_days', expression: logOf('lost_deal_count_last_365_days') },
  { name: 'tenure_days', expression: logOf('tenure_days') },
  { name: 'category_enterprise', expression: categoryIs('Enterprise') },
  { name: 'category_mid_market', expression: categoryIs('Mid-Market') },
  { name: 'category_unknown', expression: categoryIs('unknown') },
];

/**
 * The select list of every feature as `f_<name>`, rounded to 9 decimals: engines' ln() may differ in the last
 * bit, and the fit must see the same numbers everywhere so that every engine gets the same coefficients.
 */
export function featureSelectList(features: readonly ModelFeature[] = MODEL_FEATURES): string {
  return features.map((feature) => `cast(cast(${feature.expression} as decimal(18,9)) as double precision) as f_${feature.name}`).join(',\n  ');
}
