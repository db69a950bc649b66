import { describe, expect, it } from 'vitest';
import type { PlanModel } from '../../lib/plan/plan.ts';
import { incrementalMergeStatements, unreplacedRowsSelect } from '../../lib/publish/incremental-merge.ts';
import { compareColumns, schemaChangePlan } from '../../lib/publish/incremental-schema-change.ts';
import { publishedColumns } from '../../lib/publish/published-columns.ts';
import { planModel } from '../runner/plan-builder.ts';

const increment = { schema: 'analytics', name: 'fact_deals__inc' };
const staged = { schema: 'analytics', name: 'fact_deals__wap' };

function model(config: Partial<PlanModel['config']> = {}): PlanModel {
  const base = planModel('fact_deals', { sql: 'select 1', materialized: 'incremental', uniqueKey: ['deal_id'] });
  return { ...base, config: { ...base.config, ...config } };
}

describe('merging an increment', () => {
  it('deletes the rows it replaces by unique key, then inserts naming the columns on both sides (delete+insert, the default)', () => {
    expect(incrementalMergeStatements(model(), increment, staged, ['deal_id', 'order'])).toEqual([
      'delete from analytics.fact_deals__wap\nusing analytics.fact_deals__inc\nwhere analytics.fact_deals__wap.deal_id = analytics.fact_deals__inc.deal_id',
      'insert into analytics.fact_deals__wap ("deal_id", "order")\nselect "deal_id", "order" from analytics.fact_deals__inc',
    ]);
  });

  it('on a copy made without the rows the increment replaces, only inserts (the local engines: no DELETE)', () => {
    const published = { schema: 'analytics', name: 'fact_deals' };
    expect(unreplacedRowsSelect(model({ uniqueKey: ['deal_id', 'line'] }), increment, published)).toBe(
      'select * from analytics.fact_deals\nwhere not exists (\n  select 1 from analytics.fact_deals__inc\n   where analytics.fact_deals__inc.deal_id = analytics.fact_deals.deal_id\n     and analytics.fact_deals__inc.line = analytics.fact_deals.line\n)',
    );
    expect(incrementalMergeStatements(model(), increment, staged, ['deal_id'], { replacedRowsLeftOut: true })).toEqual([
      'insert into analytics.fact_deals__wap ("deal_id")\nselect "deal_id" from analytics.fact_deals__inc',
    ]);
    for (const other of [model({ incrementalStrategy: 'merge' }), model({ incrementalStrategy: 'append' }), model({ uniqueKey: undefined })]) {
      expect(unreplacedRowsSelect(other, increment, published)).toBeUndefined();
    }
  });

  it('only appends without a unique key, and with the append strategy', () => {
    expect(incrementalMergeStatements(model({ uniqueKey: undefined }), increment, staged, ['deal_id'])).toHaveLength(1);
    expect(incrementalMergeStatements(model({ incrementalStrategy: 'append' }), increment, staged, ['deal_id'])).toEqual([
      'insert into analytics.fact_deals__wap ("deal_id")\nselect "deal_id" from analytics.fact_deals__inc',
    ]);
  });

  it('merges in one MERGE of the form Redshift allows: no target alias, a table as source, one matched and one not-matched clause', () => {
    expect(incrementalMergeStatements(model({ incrementalStrategy: 'merge' }), increment, staged, ['deal_id', 'amount'])).toEqual([
      `merge into analytics.fact_deals__wap
using analytics.fact_deals__inc
   on analytics.fact_deals__wap.deal_id = analytics.fact_deals__inc.deal_id
 when matched then update set "amount" = analytics.fact_deals__inc."amount"
 when not matched then insert ("deal_id", "amount") values (analytics.fact_deals__inc."deal_id", analytics.fact_deals__inc."amount")`,
    ]);
    // A table of key columns only still has both clauses: the key is set to itself.
    expect(incrementalMergeStatements(model({ incrementalStrategy: 'merge' }), increment, staged, ['deal_id'])[0]).toContain('when matched then update set "deal_id" = analytics.fact_deals__inc."deal_id"');
  });

  it('refuses merge without a unique key, naming the model', () => {
    expect(() => incrementalMergeStatements(model({ incrementalStrategy: 'merge', uniqueKey: undefined }), increment, staged, ['deal_id'])).toThrow(
      "model.crm.fact_deals: incremental_strategy 'merge' needs a unique_key",
    );
  });

  it('refuses a published table whose columns were not found, naming it', () => {
    expect(() => incrementalMergeStatements(model(), increment, staged, [])).toThrow(
      'analytics.fact_deals__wap: no columns found for the published table, so the increment analytics.fact_deals__inc cannot be merged into it',
    );
  });
});

describe('on_schema_change', () => {
  const published = [
    { name: 'deal_id', type: 'integer' },
    { name: 'stage', type: 'character varying(20)' },
    { name: 'amount', type: 'integer' },
  ];
  const changed = [
    { name: 'deal_id', type: 'integer' },
    { name: 'amount', type: 'numeric(18,2)' },
    { name: 'owner_id', type: 'character varying(40)' },
  ];

  it('finds added, removed and retyped columns, names compared case-insensitively', () => {
    expect(compareColumns(published, [{ name: 'DEAL_ID', type: 'INTEGER' }, ...changed.slice(1)])).toEqual({
      added: [{ name: 'owner_id', type: 'character varying(40)' }],
      removed: [{ name: 'stage', type: 'character varying(20)' }],
      retyped: [{ name: 'amount', from: 'integer', to: 'numeric(18,2)' }],
    });
  });

  it('merges the published columns when nothing changed, whatever the setting', () => {
    expect(schemaChangePlan(model(), staged, published, published)).toEqual({ alters: [], mergeColumns: ['deal_id', 'stage', 'amount'] });
  });

  it('fail (the default): names the model and every change, and says to run with --full-refresh', () => {
    expect(() => schemaChangePlan(model(), staged, published, changed)).toThrow(
      "model.crm.fact_deals (analytics.fact_deals): the increment's columns differ from the published table's: added owner_id (character varying(40)); removed stage; changed type of amount (integer → numeric(18,2)). on_schema_change is 'fail': run with --full-refresh",
    );
  });

  it('ignore: merges the shared columns only', () => {
    expect(schemaChangePlan(model({ onSchemaChange: 'ignore' }), staged, published, changed)).toEqual({ alters: [], mergeColumns: ['deal_id', 'amount'] });
  });

  it('append_new_columns: adds the new columns to the staged copy, keeps the removed ones', () => {
    expect(schemaChangePlan(model({ onSchemaChange: 'append_new_columns' }), staged, published, changed)).toEqual({
      alters: ['alter table analytics.fact_deals__wap add column "owner_id" character varying(40)'],
      mergeColumns: ['deal_id', 'amount', 'owner_id'],
    });
  });

  it('sync_all_columns: adds new and drops removed columns, but refuses a changed type naming the column', () => {
    const noRetype = changed.map((column) => (column.name === 'amount' ? { ...column, type: 'integer' } : column));
    expect(schemaChangePlan(model({ onSchemaChange: 'sync_all_columns' }), staged, published, noRetype)).toEqual({
      alters: ['alter table analytics.fact_deals__wap add column "owner_id" character varying(40)', 'alter table analytics.fact_deals__wap drop column "stage"'],
      mergeColumns: ['deal_id', 'amount', 'owner_id'],
    });
    expect(() => schemaChangePlan(model({ onSchemaChange: 'sync_all_columns' }), staged, published, changed)).toThrow(
      "model.crm.fact_deals (analytics.fact_deals): on_schema_change 'sync_all_columns' cannot change a column's type: amount (integer → numeric(18,2)); run with --full-refresh",
    );
  });
});

describe('reading published columns', () => {
  it('groups the catalog rows by relation, keeping their order, with each type as DDL spells it', () => {
    const row = (relation: string, column: string, type: string, length: number | null = null, precision: number | null = null, scale: number | null = null) => ({
      relation_name: relation,
      column_name: column,
      data_type: type,
      character_maximum_length: length,
      numeric_precision: precision,
      numeric_scale: scale,
    });
    expect(
      publishedColumns([
        row('analytics.fact_deals', 'deal_id', 'integer', null, 32, 0),
        row('analytics.fact_deals', 'stage', 'character varying', 256),
        row('analytics.fact_orders', 'order_id', 'VARCHAR'),
        row('analytics.fact_deals', 'amount', 'numeric', null, 18, 2),
        row('analytics.fact_orders', 'total', 'DECIMAL(18,2)', null, 18, 2),
      ]),
    ).toEqual({
      'analytics.fact_deals': [
        { name: 'deal_id', type: 'integer' },
        { name: 'stage', type: 'character varying(256)' },
        { name: 'amount', type: 'numeric(18,2)' },
      ],
      'analytics.fact_orders': [
        { name: 'order_id', type: 'VARCHAR' },
        { name: 'total', type: 'DECIMAL(18,2)' },
      ],
    });
  });
});
