import { describe, expect, it } from 'vitest';
import { physicalDesign, redshiftDialect } from '../../../lib/engines/redshift-data/redshift-dialect.ts';
import { quoteIdentifier, quotedRelation } from '../../../lib/engines/redshift-data/redshift-identifiers.ts';
import type { ModelConfig, Relation } from '../../../lib/plan/plan.ts';

const table: ModelConfig = { materialized: 'table', tags: [] };
const target: Relation = { schema: 'analytics', name: 'fact_deals' };
const staged: Relation = { schema: 'analytics', name: 'fact_deals__wap' };

describe('Redshift identifiers', () => {
  it('quotes every name, the reserved word raw included', () => {
    expect(quotedRelation({ schema: 'raw', name: 'accounts' })).toBe('"raw"."accounts"');
  });

  it('doubles an embedded quote', () => {
    expect(quoteIdentifier('odd"name')).toBe('"odd""name"');
  });
});

describe('redshiftDialect', () => {
  it('creates a quoted schema only if it does not exist', () => {
    expect(redshiftDialect.createSchema('raw')).toBe('create schema if not exists "raw"');
  });

  it('creates a table without physical design when the model sets none', () => {
    expect(redshiftDialect.createTableAs(target, 'select 1 as x', table)).toEqual([
      'drop table if exists "analytics"."fact_deals"',
      'create table "analytics"."fact_deals"\nas\nselect 1 as x',
    ]);
  });

  it('distributes by a key column and sorts by several columns', () => {
    const [, create] = redshiftDialect.createTableAs(target, 'select 1 as x', { ...table, dist: 'deal_id', sort: ['closed_at', 'deal_id'] });
    expect(create).toBe(
      'create table "analytics"."fact_deals"\ndiststyle key\ndistkey ("deal_id")\ncompound sortkey ("closed_at", "deal_id")\nas\nselect 1 as x',
    );
  });

  it.each([
    ['even', '\ndiststyle even'],
    ['all', '\ndiststyle all'],
    ['auto', '\ndiststyle auto'],
    ['ALL', '\ndiststyle all'],
  ])('maps dist %s to a distribution style', (dist, clause) => {
    expect(physicalDesign({ dist })).toBe(clause);
  });

  it('quotes a dist or sort column that is a reserved word', () => {
    expect(physicalDesign({ dist: 'timestamp', sort: ['user'] })).toBe(
      '\ndiststyle key\ndistkey ("timestamp")\ncompound sortkey ("user")',
    );
  });

  it('ignores an empty sort list and a blank dist', () => {
    expect(physicalDesign({ dist: ' ', sort: [] })).toBe('');
  });

  it('creates late-binding views, safe from a trailing comment or semicolon', () => {
    expect(redshiftDialect.createView({ schema: 'staging', name: 'stg_accounts' }, 'select * from "raw"."accounts" -- all;\n;\n')).toEqual([
      'create or replace view "staging"."stg_accounts" as\nselect * from "raw"."accounts" -- all\nwith no schema binding',
    ]);
  });

  it('drops a relation of either kind only if it exists', () => {
    expect(redshiftDialect.dropRelation(target, 'table')).toBe('drop table if exists "analytics"."fact_deals"');
    expect(redshiftDialect.dropRelation(target, 'view')).toBe('drop view if exists "analytics"."fact_deals"');
  });

  it('swaps a table into the place of a table by drop and rename', () => {
    expect(redshiftDialect.swap(staged, target, 'table', 'table')).toEqual([
      'drop table "analytics"."fact_deals"',
      'alter table "analytics"."fact_deals__wap" rename to "fact_deals"',
    ]);
  });

  it('swaps a view into the place of a table, renaming the view with ALTER TABLE', () => {
    expect(redshiftDialect.swap(staged, target, 'view', 'table')).toEqual([
      'drop table "analytics"."fact_deals"',
      'alter table "analytics"."fact_deals__wap" rename to "fact_deals"',
    ]);
  });

  it('swaps a table into the place of a view', () => {
    expect(redshiftDialect.swap(staged, target, 'table', 'view')[0]).toBe('drop view "analytics"."fact_deals"');
  });

  it('swaps into an empty place with a rename alone', () => {
    expect(redshiftDialect.swap(staged, target, 'view', undefined)).toEqual([
      'alter table "analytics"."fact_deals__wap" rename to "fact_deals"',
    ]);
  });

  it('refuses to swap across schemas', () => {
    expect(() => redshiftDialect.swap({ schema: 'staging', name: 'x' }, target, 'table', undefined)).toThrow(
      'cannot swap staging.x into analytics.fact_deals: Redshift renames only within one schema',
    );
  });
});
