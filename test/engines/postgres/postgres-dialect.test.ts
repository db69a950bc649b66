import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PgliteEngine } from '../../../lib/engines/postgres/pglite-engine.ts';
import { postgresDialect } from '../../../lib/engines/postgres/postgres-dialect.ts';
import type { ModelConfig, Relation } from '../../../lib/plan/plan.ts';

const config: ModelConfig = { materialized: 'table', tags: [], dist: 'even', sort: ['id'] };
const target: Relation = { schema: 'staging', name: 'stg_deals' };
const staged: Relation = { schema: 'staging', name: 'stg_deals__wap' };

describe('postgresDialect on PGlite', () => {
  let engine: PgliteEngine;
  beforeAll(async () => {
    engine = await PgliteEngine.open();
  });
  afterAll(() => engine.close());
  beforeEach(() => engine.execute(postgresDialect.createSchema('staging')));
  afterEach(() => engine.execute('drop schema staging cascade'));

  async function ids(relation: string): Promise<unknown[]> {
    return (await engine.query(`select id from ${relation} order by id`)).map((row) => row.id);
  }

  it('creates schemas idempotently', async () => {
    await engine.execute(postgresDialect.createSchema('staging'));
    expect(await engine.query("select count(*) as n from pg_namespace where nspname = 'staging'")).toEqual([{ n: 1 }]);
  });

  it('builds a table over an existing one, ignoring Redshift physical design', async () => {
    await engine.transaction(postgresDialect.createTableAs(staged, 'select 1 as id', config));
    await engine.transaction(postgresDialect.createTableAs(staged, 'select 2 as id union all select 3', config));
    expect(await ids('staging.stg_deals__wap')).toEqual([2, 3]);
  });

  it('rebuilds a view whose columns changed, which create or replace view refuses', async () => {
    await engine.transaction(postgresDialect.createView(staged, "select 1 as id, 'a' as name"));
    await engine.transaction(postgresDialect.createView(staged, 'select 2 as id'));
    expect(await engine.query('select * from staging.stg_deals__wap')).toEqual([{ id: 2 }]);
  });

  it('drops a relation of either kind only if it exists', async () => {
    await engine.execute(postgresDialect.dropRelation(staged, 'view'));
    await engine.execute('create view staging.stg_deals__wap as select 1 as id');
    await engine.execute(postgresDialect.dropRelation(staged, 'view'));
    expect(await engine.relationKind(staged)).toBeUndefined();
  });

  it('swaps a staged table into place when nothing is published yet', async () => {
    await engine.execute('create table staging.stg_deals__wap as select 1 as id');
    await engine.transaction(postgresDialect.swap(staged, target, 'table', undefined));
    expect(await ids('staging.stg_deals')).toEqual([1]);
    expect(await engine.relationKind(staged)).toBeUndefined();
  });

  it('swaps a view in for a table (and back) of the same name', async () => {
    await engine.execute('create table staging.stg_deals as select 1 as id');
    await engine.execute('create view staging.stg_deals__wap as select 2 as id');
    await engine.transaction(postgresDialect.swap(staged, target, 'view', 'table'));
    expect(await engine.relationKind(target)).toBe('view');
    await engine.execute('create table staging.stg_deals__wap as select 3 as id');
    await engine.transaction(postgresDialect.swap(staged, target, 'table', 'view'));
    expect(await engine.relationKind(target)).toBe('table');
    expect(await ids('staging.stg_deals')).toEqual([3]);
  });

  it('keeps the views that read the swapped relation, now reading the new one, views on views included', async () => {
    await engine.execute('create table staging.stg_deals as select 1 as id');
    await engine.execute('create view staging.open_deals as select id from staging.stg_deals where id > 0');
    await engine.execute(
      'create view staging.deal_pairs as select a.id from staging.open_deals as a join staging.stg_deals as b on a.id = b.id',
    );
    await engine.execute('create view staging.deal_count as select count(*) as id from staging.deal_pairs');
    await engine.execute('create table staging.stg_deals__wap as select 5 as id union all select 6');
    await engine.transaction(postgresDialect.swap(staged, target, 'table', 'table'));
    expect(await ids('staging.open_deals')).toEqual([5, 6]);
    expect(await ids('staging.deal_pairs')).toEqual([5, 6]);
    expect(await ids('staging.deal_count')).toEqual([2]);
  });

  it('refuses a swap that would break a dependent view and leaves everything as it was', async () => {
    await engine.execute("create table staging.stg_deals as select 1 as id, 'big' as size");
    await engine.execute('create view staging.big_deals as select id from staging.stg_deals where size = \'big\'');
    await engine.execute('create table staging.stg_deals__wap as select 2 as id');
    await expect(engine.transaction(postgresDialect.swap(staged, target, 'table', 'table'))).rejects.toThrow(
      /^Postgres statement failed \(statement 1 of 1 of a transaction, rolled back\): do \$keep_dependent_views\$\n.*column .*size.* does not exist/,
    );
    expect(await ids('staging.big_deals')).toEqual([1]);
    expect(await ids('staging.stg_deals__wap')).toEqual([2]);
  });

  it('refuses to swap across schemas', () => {
    expect(() => postgresDialect.swap({ schema: 'marts', name: 'x__wap' }, target, 'table', undefined)).toThrow(
      'cannot swap marts.x__wap into staging.stg_deals: Postgres renames only within one schema',
    );
  });
});
