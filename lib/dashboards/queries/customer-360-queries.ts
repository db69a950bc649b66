/**
 * Customer 360's SQL: the book of business (mart_customer_360), every account's profile and
 * metrics with its activity mix (mart_account_engagement), and each account's latest deals
 * (mart_deal_engagement), and its churn and upsell scores (mart_account_scores) when the warehouse has
 * them. The account tiles document the SQL that returns the same figure for one account, with
 * `{account_id}` standing for its id.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import type { AccountTileDefinition, KpiDefinition } from '../dashboard-model.ts';
import type { ExposureMarts } from '../exposure-marts.ts';
import { reasonsText, scoreBandSql } from './account-scores-queries.ts';
import { queryRows } from './run-queries.ts';

/** Deals per account in the export (newest first): enough to see what is going on, small enough to ship every account. */
export const DEALS_PER_ACCOUNT = 10;

/** How many accounts each shortlist offers. */
export const SHORTLIST_SIZE = 6;

/** The account columns exported, from mart_customer_360 (`c`) and mart_account_engagement (`e`). */
export const ACCOUNT_COLUMNS = [
  'account_id',
  'account_name',
  'industry',
  'account_type',
  'account_category',
  'revenue_segment',
  'country',
  'city',
  'owner_name',
  'owner_team',
  'owner_region',
  'customer_since_date',
  'annual_revenue',
  'employee_count',
  'risk_band',
  'risk_score',
  'health_score',
  'contact_count',
  'decision_maker_count',
  'customer_lifetime_value_amount',
  'lifetime_profit_amount',
  'average_order_value',
  'fulfillment_rate',
  'order_count',
  'revenue_last_90_days',
  'revenue_previous_90_days',
  'last_order_date',
  'open_deal_count',
  'open_pipeline_amount',
  'weighted_pipeline_amount',
  'won_deal_count',
  'won_amount',
  'lost_deal_count',
  'win_rate_by_count',
  'activity_count',
  'activity_count_last_90_days',
  'call_count',
  'email_count',
  'meeting_count',
  'note_count',
  'task_count',
  'days_since_last_touch',
  'last_touch_date',
  'ticket_count',
  'open_ticket_count',
  'open_urgent_ticket_count',
  'sla_breach_count_last_90_days',
  'sla_compliance_rate',
] as const;

/** The score columns exported after the account columns when the warehouse has mart_account_scores (reasons as one text each). */
export const SCORE_COLUMNS = ['churn_probability', 'churn_band', 'churn_reasons', 'upsell_probability', 'upsell_band', 'upsell_reasons'] as const;

/** Columns that come from mart_account_engagement; the rest are mart_customer_360's. */
const ENGAGEMENT_COLUMNS = new Set(['note_count', 'task_count']);

export const DEAL_COLUMNS = ['deal_name', 'stage', 'amount', 'activity_count', 'created_date', 'closed_date', 'last_touch_date', 'days_since_last_touch'] as const;

export function bookOfBusinessKpis(marts: ExposureMarts): KpiDefinition[] {
  const customers = marts.relation('mart_customer_360');
  return [
    {
      id: 'accounts',
      label: 'Accounts',
      format: 'count',
      description: 'Accounts in the CRM.',
      sql: `select count(*) as value, sum(case when is_paying_customer then 1 else 0 end) as detail from ${customers}`,
      detail: { format: 'count', suffix: 'paying customers' },
    },
    {
      id: 'average_lifetime_value',
      label: 'Average lifetime value',
      format: 'currency_compact',
      description: 'Mean customer lifetime value (lifetime revenue) of the paying customers.',
      sql: `select avg(customer_lifetime_value_amount) as value from ${customers} where is_paying_customer`,
    },
    {
      id: 'accounts_needing_attention',
      label: 'Accounts at high or critical risk',
      format: 'count',
      description: 'Accounts whose risk band is high or critical (see the Account Health dashboard).',
      sql: `select count(*) as value from ${customers} where risk_band in ('high', 'critical')`,
      tone: 'risk',
    },
    {
      id: 'accounts_without_recent_touch',
      label: 'No touch in 90 days',
      format: 'count',
      description: 'Accounts with no activity dated in the 90 days ending on the run date.',
      sql: `select count(*) as value from ${customers} where activity_count_last_90_days = 0`,
      tone: 'risk',
    },
  ];
}

/** The selected account's tiles: one mart_customer_360 column each. */
export function accountTiles(marts: ExposureMarts): AccountTileDefinition[] {
  const customers = marts.relation('mart_customer_360');
  const tile = (id: string, label: string, column: string, format: AccountTileDefinition['format'], description: string): AccountTileDefinition => ({
    id,
    label,
    column,
    format,
    description,
    sql: `select ${column} as value from ${customers} where account_id = {account_id}`,
  });
  return [
    tile('lifetime_value', 'Lifetime value', 'customer_lifetime_value_amount', 'currency_compact', "Revenue of the account's orders that were not cancelled or returned, to the run date."),
    tile('open_pipeline', 'Open pipeline', 'open_pipeline_amount', 'currency_compact', 'Amount of the open deals.'),
    tile('won_amount', 'Won', 'won_amount', 'currency_compact', 'Amount of the deals won (bookings).'),
    tile('win_rate', 'Win rate', 'win_rate_by_count', 'percent', 'Won / (won + lost) deals.'),
    tile('average_order_value', 'Avg order value', 'average_order_value', 'currency_compact', 'Lifetime value / orders not cancelled or returned.'),
    tile('fulfillment_rate', 'Fulfilment rate', 'fulfillment_rate', 'percent', 'Orders shipped or delivered / all orders.'),
    tile('activities_90_days', 'Activities, 90 days', 'activity_count_last_90_days', 'count', 'Activities dated in the 90 days ending on the run date.'),
    tile('days_since_touch', 'Days since last touch', 'days_since_last_touch', 'count', 'Days from the latest completed activity to the run date.'),
    tile('open_tickets', 'Open tickets', 'open_ticket_count', 'count', 'Tickets open or pending.'),
    tile('sla_compliance', 'SLA compliance', 'sla_compliance_rate', 'percent', 'Tickets that met their SLA / tickets with an SLA verdict.'),
  ];
}

export interface Customer360Data {
  readonly accounts: Row[];
  readonly deals: Row[];
  readonly largestCustomers: string[];
  readonly mostAtRisk: string[];
  /** With scores: the recent customers most likely to churn, and to be upsold (none without scores). */
  readonly likelyToChurn: string[];
  readonly likelyToExpand: string[];
}

/** `scores`: the mart_account_scores relation, null when the warehouse has none. */
export async function queryCustomer360(engine: Engine, marts: ExposureMarts, scores: string | null): Promise<Customer360Data> {
  const customers = marts.relation('mart_customer_360');
  const columns = ACCOUNT_COLUMNS.map((column) => (ENGAGEMENT_COLUMNS.has(column) ? `e.${column}` : `c.${column}`)).join(', ');
  const scoreColumns =
    `, s.churn_probability, ${scoreBandSql('s.churn_probability')} as churn_band, s.upsell_probability, ${scoreBandSql('s.upsell_probability')} as upsell_band, ` +
    [1, 2, 3].flatMap((rank) => [`s.churn_reason_${rank}`, `s.upsell_reason_${rank}`]).join(', ');
  // The models learn from customers with revenue in the 180 days to the run date: only those are shortlisted by score.
  const byScore = (target: 'churn' | 'upsell'): Promise<Row[]> =>
    scores === null
      ? Promise.resolve([])
      : queryRows(
          engine,
          `select c.account_id from ${customers} as c inner join ${scores} as s on s.account_id = c.account_id ` +
            `where (c.revenue_last_90_days + c.revenue_previous_90_days) > 0 order by s.${target}_probability desc, c.account_id limit ${SHORTLIST_SIZE}`,
          `accounts most likely to ${target === 'churn' ? 'churn' : 'be upsold'}`,
        );
  const [accounts, deals, largest, atRisk, churn, upsell] = await Promise.all([
    queryRows(
      engine,
      `select ${columns}${scores === null ? '' : scoreColumns} from ${customers} as c left join ${marts.relation('mart_account_engagement')} as e on e.account_id = c.account_id ` +
        `${scores === null ? '' : `left join ${scores} as s on s.account_id = c.account_id `}order by c.account_name, c.account_id`,
      'accounts',
    ),
    queryRows(
      engine,
      `select account_id, ${DEAL_COLUMNS.join(', ')} from (` +
        `select d.*, row_number() over (partition by account_id order by created_date desc, deal_id desc) as recency ` +
        `from ${marts.relation('mart_deal_engagement')} as d where account_id is not null` +
        `) as ranked where recency <= ${DEALS_PER_ACCOUNT} order by account_id, recency`,
      'deals per account',
    ),
    queryRows(engine, `select account_id from ${customers} order by customer_lifetime_value_amount desc, account_id limit ${SHORTLIST_SIZE}`, 'largest customers'),
    queryRows(
      engine,
      // Risk matters where there is money: among equal scores, the larger customer first.
      `select account_id from ${customers} order by risk_score desc, customer_lifetime_value_amount desc, account_id limit ${SHORTLIST_SIZE}`,
      'accounts most at risk',
    ),
    byScore('churn'),
    byScore('upsell'),
  ]);
  return {
    accounts: scores === null ? accounts : accounts.map((row) => ({ ...row, churn_reasons: reasonsText(row, 'churn'), upsell_reasons: reasonsText(row, 'upsell') })),
    deals,
    largestCustomers: largest.map((row) => String(row.account_id)),
    mostAtRisk: atRisk.map((row) => String(row.account_id)),
    likelyToChurn: churn.map((row) => String(row.account_id)),
    likelyToExpand: upsell.map((row) => String(row.account_id)),
  };
}
