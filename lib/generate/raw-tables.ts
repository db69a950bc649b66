/**
 * The raw landing contract's tables and columns in contract order (sql/sources.yml), as the
 * generator writes them. Kept as code rather than read from sources.yml at run time so the
 * generator has no dependency on the SQL project; a test holds the two in step.
 */
export const RAW_TABLE_COLUMNS = {
  users: ['user_id', 'full_name', 'email', 'title', 'team', 'region', 'manager_id', 'is_active', 'created_at', 'updated_at'],
  products: [
    'product_id',
    'product_name',
    'category',
    'unit_price',
    'unit_cost',
    'quantity_in_stock',
    'reorder_level',
    'is_active',
    'created_at',
    'updated_at',
  ],
  accounts: [
    'account_id',
    'account_name',
    'industry',
    'account_type',
    'annual_revenue',
    'employee_count',
    'country',
    'city',
    'owner_id',
    'is_deleted',
    'created_at',
    'updated_at',
  ],
  contacts: [
    'contact_id',
    'account_id',
    'first_name',
    'last_name',
    'email',
    'phone',
    'job_title',
    'is_deleted',
    'created_at',
    'updated_at',
  ],
  deals: [
    'deal_id',
    'deal_name',
    'account_id',
    'contact_id',
    'owner_id',
    'product_id',
    'stage',
    'amount',
    'probability',
    'expected_close_date',
    'closed_at',
    'is_deleted',
    'created_at',
    'updated_at',
  ],
  deal_stage_changes: ['change_id', 'deal_id', 'from_stage', 'to_stage', 'changed_at', 'changed_by'],
  activities: [
    'activity_id',
    'activity_type',
    'subject',
    'account_id',
    'contact_id',
    'deal_id',
    'owner_id',
    'status',
    'due_at',
    'completed_at',
    'duration_minutes',
    'created_at',
    'updated_at',
  ],
  tickets: [
    'ticket_id',
    'account_id',
    'contact_id',
    'subject',
    'priority',
    'status',
    'channel',
    'created_at',
    'first_response_at',
    'resolved_at',
    'updated_at',
  ],
  orders: [
    'order_id',
    'account_id',
    'contact_id',
    'product_id',
    'quantity',
    'unit_price',
    'discount_pct',
    'status',
    'ordered_at',
    'shipped_at',
    'delivered_at',
    'updated_at',
  ],
} as const satisfies Record<string, readonly string[]>;

export type RawTableName = keyof typeof RAW_TABLE_COLUMNS;

export const RAW_TABLE_NAMES = Object.keys(RAW_TABLE_COLUMNS) as RawTableName[];

/**
 * Columns whose generated values can hold commas, quotes or line breaks: free text, and the
 * unparseable amount '12,5O'. All other columns carry ids, codes, numbers and timestamps that
 * never do, so the CSV writer skips scanning them (a test parses every file to hold this true).
 */
export const QUOTABLE_COLUMNS: Readonly<Record<RawTableName, readonly string[]>> = {
  users: ['full_name', 'title'],
  products: ['product_name'],
  accounts: ['account_name', 'city'],
  contacts: ['first_name', 'last_name', 'job_title'],
  deals: ['deal_name', 'amount'],
  deal_stage_changes: [],
  activities: ['subject'],
  tickets: ['subject'],
  orders: [],
};
