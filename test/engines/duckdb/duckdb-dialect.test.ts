import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { duckDbDialect } from '../../../lib/engines/duckdb/duckdb-dialect.ts';
import { DuckDbEngine } from '../../../lib/engines/duckdb/duckdb-engine.ts';
import type { ModelConfig, Relation } from '../../../lib/plan/plan.ts';

const config: ModelConfig = { materialized: 'table', tags: [] };
const target: Relation = { schema: 'analytics', name: 'dim_accounts' };
const staged: Relation = { schema: 'analytics', name: 'dim_accounts__wap' };

describe('duckDbDialect against DuckDB', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    await engine.execute(duckDbDialect.createSchema('analytics'));
  });
  afterEach(() => engine.close());

  async function publishedValue(): Promise<unknown> {
    const rows = await engine.query(`select version from analytics.dim_accounts`);
    return rows[0]?.version;
  }

  it('creates a schema only if it does not exist', async () => {
    await engine.execute(duckDbDialect.createSchema('analytics'));
    expect(duckDbDialect.createSchema('marts')).toBe('create schema if not exists marts');
  });

  it('replaces tables and views in place', async () => {
    await engine.transaction(duckDbDialect.createTableAs(target, 'select 1 as version', config));
    await engine.transaction(duckDbDialect.createTableAs(target, 'select 2 as version', config));
    expect(await publishedValue()).toBe(2);
    const view = { schema: 'analytics', name: 'v' };
    await engine.transaction(duckDbDialect.createView(view, 'select 1 as x'));
    await engine.transaction(duckDbDialect.createView(view, 'select 2 as x'));
    expect(await engine.query('select x from analytics.v')).toEqual([{ x: 2 }]);
  });

  it('drops a relation of either kind, and tolerates its absence', async () => {
    await engine.transaction(duckDbDialect.createView(target, 'select 1 as version'));
    await engine.execute(duckDbDialect.dropRelation(target, 'view'));
    await engine.execute(duckDbDialect.dropRelation(target, 'table'));
    expect(await engine.relationKind(target)).toBeUndefined();
  });

  it('swaps a table into the place of a table', async () => {
    await engine.transaction(duckDbDialect.createTableAs(target, 'select 1 as version', config));
    await engine.transaction(duckDbDialect.createTableAs(staged, 'select 2 as version', config));
    await engine.transaction(duckDbDialect.swap(staged, target, 'table', 'table'));
    expect(await publishedValue()).toBe(2);
    expect(await engine.relationKind(target)).toBe('table');
    expect(await engine.relationKind(staged)).toBeUndefined();
  });

  it('swaps a table into the place of a view', async () => {
    await engine.transaction(duckDbDialect.createView(target, 'select 1 as version'));
    await engine.transaction(duckDbDialect.createTableAs(staged, 'select 2 as version', config));
    await engine.transaction(duckDbDialect.swap(staged, target, 'table', 'view'));
    expect(await publishedValue()).toBe(2);
    expect(await engine.relationKind(target)).toBe('table');
  });

  it('swaps a view into the place of a table', async () => {
    await engine.transaction(duckDbDialect.createTableAs(target, 'select 1 as version', config));
    await engine.transaction(duckDbDialect.createView(staged, 'select 2 as version'));
    await engine.transaction(duckDbDialect.swap(staged, target, 'view', 'table'));
    expect(await publishedValue()).toBe(2);
    expect(await engine.relationKind(target)).toBe('view');
  });

  it('swaps into an empty place', async () => {
    await engine.transaction(duckDbDialect.createTableAs(staged, 'select 2 as version', config));
    await engine.transaction(duckDbDialect.swap(staged, target, 'table', undefined));
    expect(await publishedValue()).toBe(2);
  });

  it('leaves the published relation untouched when a swap fails', async () => {
    await engine.transaction(duckDbDialect.createTableAs(target, 'select 1 as version', config));
    // The staged relation was never built, so the rename fails after the drop.
    await expect(engine.transaction(duckDbDialect.swap(staged, target, 'table', 'table'))).rejects.toThrow(
      /statement 2 of 2 .*: alter table analytics.dim_accounts__wap rename to dim_accounts/,
    );
    expect(await publishedValue()).toBe(1);
  });

  it('refuses to swap across schemas', () => {
    expect(() => duckDbDialect.swap({ schema: 'staging', name: 'x' }, target, 'table', undefined)).toThrow(
      'cannot swap staging.x into analytics.dim_accounts: DuckDB renames only within one schema',
    );
  });
});
