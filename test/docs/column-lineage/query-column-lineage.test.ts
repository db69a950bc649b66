import { describe, expect, it } from 'vitest';
import type { ColumnDerivation, QueryColumnLineage } from '../../../lib/docs/column-lineage/lineage-types.ts';
import { queryColumnLineage, type CatalogRelation } from '../../../lib/docs/column-lineage/query-column-lineage.ts';

const DEALS = 'model.crm.stg_crm_deals';
const USERS = 'model.crm.stg_crm_users';
const RAW_DEALS = 'source.crm.deals';
const EVENTS = 'model.crm.events';

const catalog = new Map<string, CatalogRelation>([
  ['staging.stg_crm_deals', { node: DEALS, columns: ['deal_id', 'owner_id', 'stage', 'amount', 'probability', 'created_at'] }],
  ['staging.stg_crm_users', { node: USERS, columns: ['user_id', 'full_name', 'manager_id', 'created_at'] }],
  ['raw.deals', { node: RAW_DEALS, columns: ['deal_id', 'stage', 'amount', 'updated_at'] }],
  // A model whose columns are not known (its own SQL could not be analysed and it declares none).
  ['marts.events', { node: EVENTS, columns: undefined }],
]);

function lineage(sql: string): QueryColumnLineage {
  return queryColumnLineage(sql, (name) => catalog.get(name));
}

/** `column kind <- node.column, ...` per output column (upstream sorted by node id): compact enough to compare whole queries. */
function summary(result: QueryColumnLineage): string[] {
  return result.columns.map((column) => `${column.column} ${column.kind} <- ${upstream(column)}`);
}

function upstream(column: ColumnDerivation): string {
  return column.upstream.map((entry) => `${entry.node.split('.').at(-1)}.${entry.column}`).join(', ');
}

function column(result: QueryColumnLineage, name: string): ColumnDerivation {
  const found = result.columns.find((candidate) => candidate.column === name);
  if (found === undefined) throw new Error(`no output column ${name} in ${JSON.stringify(result)}`);
  return found;
}

describe('queryColumnLineage', () => {
  it('follows table aliases to the relation the FROM clause names', () => {
    const result = lineage('select d.deal_id, d.amount as deal_amount from staging.stg_crm_deals as d');
    expect(summary(result)).toEqual(['deal_id direct <- stg_crm_deals.deal_id', 'deal_amount direct <- stg_crm_deals.amount']);
    expect(result.incomplete).toEqual([]);
  });

  it('resolves columns through a chain of CTEs, renames included', () => {
    const result = lineage(`
      with source as (select deal_id, amount as raw_amount from raw.deals),
      renamed as (select deal_id as id, raw_amount as amount from source)
      select id, amount from renamed`);
    expect(summary(result)).toEqual(['id direct <- deals.deal_id', 'amount direct <- deals.amount']);
  });

  it('marks expressions as derived and lists every column they read', () => {
    const result = lineage(`
      select
        cast(deals.amount * deals.probability / 100 as decimal(18,2)) as weighted_amount,
        coalesce(deals.stage, 'unknown') as stage,
        deals.created_at::date as created_date,
        extract(year from deals.created_at) as created_year
      from staging.stg_crm_deals as deals`);
    expect(summary(result)).toEqual([
      'weighted_amount derived <- stg_crm_deals.amount, stg_crm_deals.probability',
      'stage derived <- stg_crm_deals.stage',
      'created_date derived <- stg_crm_deals.created_at',
      'created_year derived <- stg_crm_deals.created_at',
    ]);
  });

  it('reads every branch of a CASE, the tested expression included', () => {
    const result = lineage(`
      select
        case deals.stage when 'closed_won' then deals.amount else 0 end as won_amount,
        case when deals.probability > 50 then deals.owner_id end as confident_owner_id
      from staging.stg_crm_deals as deals`);
    expect(summary(result)).toEqual([
      'won_amount derived <- stg_crm_deals.amount, stg_crm_deals.stage',
      'confident_owner_id derived <- stg_crm_deals.owner_id, stg_crm_deals.probability',
    ]);
  });

  it('resolves joined relations and leaves ON, WHERE and GROUP BY columns out of the lineage', () => {
    const result = lineage(`
      select users.full_name as owner_name, sum(deals.amount) as pipeline_amount, count(*) as deal_count
      from staging.stg_crm_deals as deals
      left join staging.stg_crm_users as users on deals.owner_id = users.user_id
      where deals.stage <> 'closed_lost'
      group by users.full_name`);
    expect(summary(result)).toEqual([
      'owner_name direct <- stg_crm_users.full_name',
      'pipeline_amount derived <- stg_crm_deals.amount',
      'deal_count derived <- ',
    ]);
  });

  it('resolves an unqualified column to the one joined relation that has it', () => {
    const result = lineage(`
      select full_name, amount from staging.stg_crm_deals as deals
      join staging.stg_crm_users as users on deals.owner_id = users.user_id`);
    expect(summary(result)).toEqual(['full_name direct <- stg_crm_users.full_name', 'amount direct <- stg_crm_deals.amount']);
  });

  it('reports an unqualified column that several joined relations have as ambiguous', () => {
    const result = lineage(`
      select created_at from staging.stg_crm_deals as deals
      join staging.stg_crm_users as users on deals.owner_id = users.user_id`);
    expect(column(result, 'created_at').upstream).toEqual([]);
    expect(column(result, 'created_at').unresolved).toEqual([
      { reference: 'created_at', reason: "ambiguous: deals, users all have a column 'created_at'" },
    ]);
  });

  it('takes a USING column from every side of the join', () => {
    const result = lineage(`
      with left_side as (select deal_id, amount from staging.stg_crm_deals),
      right_side as (select deal_id, stage from raw.deals)
      select deal_id from left_side join right_side using (deal_id)`);
    expect(summary(result)).toEqual(['deal_id derived <- stg_crm_deals.deal_id, deals.deal_id']);
  });

  it('includes the PARTITION BY and ORDER BY columns of window functions, inline and named', () => {
    const result = lineage(`
      select
        row_number() over (partition by deal_id order by updated_at desc) as version_rank,
        sum(amount) over (order by updated_at rows between 2 preceding and current row) as trailing_amount,
        rank() over by_stage as stage_rank
      from raw.deals
      window by_stage as (partition by stage order by amount)`);
    expect(summary(result)).toEqual([
      'version_rank derived <- deals.deal_id, deals.updated_at',
      'trailing_amount derived <- deals.amount, deals.updated_at',
      'stage_rank derived <- deals.amount, deals.stage',
    ]);
  });

  it('expands select * through CTEs from the upstream relation columns', () => {
    const result = lineage(`
      with source as (select *, lower(stage) as cleaned_stage from raw.deals),
      final as (select * from source)
      select * from final`);
    expect(summary(result)).toEqual([
      'deal_id direct <- deals.deal_id',
      'stage direct <- deals.stage',
      'amount direct <- deals.amount',
      'updated_at direct <- deals.updated_at',
      'cleaned_stage derived <- deals.stage',
    ]);
    expect(result.incomplete).toEqual([]);
  });

  it('expands a qualified star to that relation only', () => {
    const result = lineage(`
      select users.*, deals.amount from staging.stg_crm_users as users
      join staging.stg_crm_deals as deals on deals.owner_id = users.user_id`);
    expect(result.columns.map((entry) => entry.column)).toEqual(['user_id', 'full_name', 'manager_id', 'created_at', 'amount']);
    expect(column(result, 'created_at').upstream).toEqual([{ node: USERS, column: 'created_at' }]);
  });

  it('lines union branches up by position and takes the names of the first branch', () => {
    const result = lineage(`
      select deal_id as id, amount from staging.stg_crm_deals
      union all
      select deal_id, cast(amount as decimal(18,2)) from raw.deals
      union all
      select deal_id, 0 from raw.deals`);
    expect(summary(result)).toEqual([
      'id derived <- stg_crm_deals.deal_id, deals.deal_id',
      'amount derived <- stg_crm_deals.amount, deals.amount',
    ]);
  });

  it('keeps a column direct when every union branch copies the same column', () => {
    const result = lineage('select deal_id from raw.deals union select deal_id from raw.deals');
    expect(summary(result)).toEqual(['deal_id direct <- deals.deal_id']);
  });

  it('gives a column of constants no upstream columns', () => {
    const result = lineage("select 0 as digit union all select 1 union all select 2");
    expect(summary(result)).toEqual(['digit derived <- ']);
    expect(column(result, 'digit').unresolved).toEqual([]);
  });

  it('traces through a subquery in FROM', () => {
    const result = lineage('select totals.owner_id, totals.total from (select owner_id, sum(amount) as total from staging.stg_crm_deals group by owner_id) as totals');
    expect(summary(result)).toEqual(['owner_id direct <- stg_crm_deals.owner_id', 'total derived <- stg_crm_deals.amount']);
  });

  it('includes what a scalar subquery returns, correlated references resolved in the outer query', () => {
    const result = lineage(`
      select users.user_id,
        (select max(deals.amount) from staging.stg_crm_deals as deals where deals.owner_id = users.user_id) as largest_amount
      from staging.stg_crm_users as users`);
    expect(summary(result)).toEqual(['user_id direct <- stg_crm_users.user_id', 'largest_amount derived <- stg_crm_deals.amount']);
  });

  it('resolves a reference to an earlier alias of the same select list', () => {
    const result = lineage('select amount * 2 as doubled, doubled + probability as adjusted from staging.stg_crm_deals');
    expect(summary(result)).toEqual(['doubled derived <- stg_crm_deals.amount', 'adjusted derived <- stg_crm_deals.amount, stg_crm_deals.probability']);
  });

  it('renames CTE columns given in a column list', () => {
    const result = lineage('with pairs (id, value) as (select deal_id, amount from raw.deals) select id, value from pairs');
    expect(summary(result)).toEqual(['id direct <- deals.deal_id', 'value direct <- deals.amount']);
  });

  it('analyses a recursive CTE from its anchor branch', () => {
    const result = lineage(`
      with recursive chain (user_id, manager_id, depth) as (
        select user_id, manager_id, 0 from staging.stg_crm_users
        union all
        select users.user_id, users.manager_id, chain.depth + 1
        from staging.stg_crm_users as users join chain on users.manager_id = chain.user_id
      )
      select user_id, depth from chain`);
    expect(summary(result)).toEqual(['user_id direct <- stg_crm_users.user_id', 'depth derived <- ']);
  });

  it('drops the alias node-sql-parser invents from a CROSS JOIN after a table without alias', () => {
    const result = lineage(`
      with run_day as (select created_at as date_day from staging.stg_crm_users),
      deals as (select deal_id, amount from staging.stg_crm_deals)
      select deals.deal_id, run_day.date_day from deals

      cross join run_day`);
    expect(summary(result)).toEqual(['deal_id direct <- stg_crm_deals.deal_id', 'date_day direct <- stg_crm_users.created_at']);
  });

  it('takes a column of a model whose columns are unknown as that model column', () => {
    const result = lineage('select events.event_id from marts.events as events');
    expect(summary(result)).toEqual(['event_id direct <- events.event_id']);
  });

  it('reports select * over a model whose columns are unknown as incomplete', () => {
    const result = lineage('select *, 1 as one from marts.events');
    expect(summary(result)).toEqual(['one derived <- ']);
    expect(result.incomplete).toEqual([{ reference: '*', reason: "the columns of 'marts.events' are unknown" }]);
  });

  it('reports columns of a relation outside the project as unresolved', () => {
    const result = lineage('select table_name from information_schema.tables');
    expect(column(result, 'table_name').unresolved).toEqual([
      { reference: 'table_name', reason: "'information_schema.tables' is not a model or source of the project" },
    ]);
  });

  it('reports a column the relation does not have', () => {
    const result = lineage('select deals.discount as discount from raw.deals as deals');
    expect(column(result, 'discount').unresolved).toEqual([{ reference: 'deals.discount', reason: "'deals' has no column 'discount'" }]);
  });

  it('reports a qualifier that names no relation of the FROM clause', () => {
    const result = lineage('select orders.amount as amount from raw.deals as deals');
    expect(column(result, 'amount').unresolved).toEqual([{ reference: 'orders.amount', reason: "no relation named 'orders' in the FROM clause" }]);
  });

  it('reports an unqualified column no relation has', () => {
    const result = lineage('select discount from raw.deals');
    expect(column(result, 'discount').unresolved).toEqual([
      { reference: 'discount', reason: "no relation in the FROM clause (deals) has a column 'discount'" },
    ]);
  });

  it('resolves a column named through an import CTE over a model whose columns are unknown', () => {
    const result = lineage('with events as (select * from marts.events) select events.event_id, events.kind as event_kind from events');
    expect(summary(result)).toEqual(['event_id direct <- events.event_id', 'event_kind direct <- events.kind']);
    expect(result.incomplete).toEqual([]);
  });

  it('reports a column named through a union of relations whose columns are unknown', () => {
    const result = lineage('with events as (select * from marts.events union all select * from marts.events) select events.event_id from events');
    expect(column(result, 'event_id').unresolved[0]?.reason).toMatch(/^'events' has columns the lineage cannot list/);
  });

  it('reports a star that cannot be expanded because a CTE under it is incomplete', () => {
    const result = lineage('with base as (select * from marts.events) select * from base');
    expect(result.columns).toEqual([]);
    expect(result.incomplete).toHaveLength(1);
    expect(result.incomplete[0]?.reason).toMatch(/^'base' has columns the lineage cannot list \(\* the columns of 'marts\.events' are unknown\)$/);
  });

  it('reports an output expression without an alias and a repeated output name', () => {
    const result = lineage('select amount + 1, deal_id, deal_id from raw.deals');
    expect(summary(result)).toEqual(['deal_id direct <- deals.deal_id']);
    expect(result.incomplete).toEqual([
      { reference: 'output column 1', reason: 'has no alias: engines name such columns differently' },
      { reference: 'deal_id', reason: 'is output more than once; only the first is described' },
    ]);
  });

  it('reports union branches of different widths', () => {
    const result = lineage('select deal_id, amount from raw.deals union all select deal_id from raw.deals');
    expect(result.incomplete).toEqual([{ reference: 'set operation', reason: 'branches output different numbers of columns (2, 1)' }]);
  });

  it('reports SQL that does not parse', () => {
    const result = lineage('select from where');
    expect(result.columns).toEqual([]);
    expect(result.incomplete[0]?.reference).toBe('SQL');
    expect(result.incomplete[0]?.reason).toMatch(/^does not parse \(Redshift: .*; PostgresQL: .*\)$/);
  });

  it('reports a statement that is not a single SELECT', () => {
    expect(lineage('delete from raw.deals').incomplete).toEqual([{ reference: 'SQL', reason: 'is not a single SELECT statement' }]);
    expect(lineage('select 1 as a; select 2 as b').incomplete).toEqual([{ reference: 'SQL', reason: 'is not a single SELECT statement' }]);
  });
});
