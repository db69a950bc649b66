/**
 * The kinds of dirt the generator plants, each in one table and column, so tests and the CLI can
 * count them and the warehouse's checks have something real to catch.
 */
export const DIRT_KINDS = [
  /** deals.account_id names an account that is in no extract. */
  'deal_orphan_account',
  /** orders.product_id names a product that is in no extract. */
  'order_orphan_product',
  /** products.category misspelled: 'Sofware' instead of 'Software', 'Harware', ... */
  'product_category_misspelled',
  /** accounts.industry in the wrong case ('TECHNOLOGY', 'healthcare'). */
  'account_industry_miscased',
  /** deals.stage 'closed-won', outside the accepted values. */
  'deal_stage_invalid',
  /** tickets.priority 'critical', outside the accepted values. */
  'ticket_priority_invalid',
  /** deals.expected_close_date empty on an open deal. */
  'open_deal_missing_close_date',
  /** activities.due_at empty on an open call, meeting or task. */
  'open_activity_missing_due_date',
  /** deals.amount 0 on a closed_lost deal. */
  'lost_deal_zero_amount',
  /** orders.quantity below zero. */
  'order_negative_quantity',
  /** No tickets file on the second ingest day (counted in files; its rows arrive the day after). */
  'table_missing_for_day',
  /** deals.amount '12,5O', which no decimal parser accepts. */
  'unparseable_amount',
  /** activities.created_at '2026-13-45T99:00:00Z'. */
  'unparseable_timestamp',
  /** An orders row one field short. */
  'row_missing_field',
] as const;

export type DirtKind = (typeof DIRT_KINDS)[number];

/** Kinds that make a row unloadable: kept very few so they fit a loader's error budget. */
export const UNPARSEABLE_DIRT_KINDS: readonly DirtKind[] = ['unparseable_amount', 'unparseable_timestamp', 'row_missing_field'];

export const UNPARSEABLE_AMOUNT = '12,5O';
export const UNPARSEABLE_TIMESTAMP = '2026-13-45T99:00:00Z';
export const MISSPELLED_CATEGORIES: Readonly<Record<string, string>> = {
  Software: 'Sofware',
  Hardware: 'Harware',
  Services: 'Servcies',
  Support: 'Suport',
  Training: 'Trainig',
};
export const INVALID_DEAL_STAGE = 'closed-won';
export const INVALID_TICKET_PRIORITY = 'critical';
