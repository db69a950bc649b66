/**
 * Engine.countedTransaction: a transaction that resolves with the row count the engine reported for
 * its last statement, on the engines that report a CREATE TABLE AS's rows (DuckDB, Postgres). The
 * Redshift Data API does not promise one for CREATE TABLE AS, so its engine has none.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import type { Relation } from '../../lib/plan/plan.ts';

const engines: readonly [string, () => Promise<Engine>][] = [
  ['DuckDB', () => DuckDbEngine.open({ path: ':memory:', threads: 1 })],
  ['Postgres (PGlite)', () => PgliteEngine.open()],
];

const deals: Relation = { schema: 'analytics', name: 'fact_deals' };
const config = { materialized: 'table', tags: [] } as const;

describe.each(engines)('countedTransaction on %s', (_name, open) => {
  let engine: Engine;
  let counted: NonNullable<Engine['countedTransaction']>;
  beforeEach(async () => {
    engine = await open();
    await engine.execute(engine.dialect.createSchema('analytics'));
    if (engine.countedTransaction === undefined) throw new Error(`${engine.target} has no countedTransaction`);
    counted = engine.countedTransaction.bind(engine);
  });
  afterEach(async () => {
    await engine.close();
  });

  it("gives a CREATE TABLE AS's rows, none when its select returns none, as the dialect writes it", async () => {
    expect(await counted(engine.dialect.createTableAs(deals, 'select * from (values (1), (2), (3)) as t(deal_id)', config))).toBe(3);
    expect(await counted(engine.dialect.createTableAs(deals, 'select * from (values (1), (2), (3)) as t(deal_id) where false', config))).toBe(0);
  });

  it("gives the last statement's count only: an INSERT's rows, nothing for DDL", async () => {
    await engine.transaction(engine.dialect.createTableAs(deals, 'select * from (values (1), (2), (3)) as t(deal_id)', config));

    expect(await counted([`insert into analytics.fact_deals values (4), (5)`])).toBe(2);
    expect(await counted([`insert into analytics.fact_deals values (6)`, 'create view analytics.deal_count as select count(*) as deals from analytics.fact_deals'])).toBeUndefined();
    expect(await engine.query('select deals from analytics.deal_count')).toEqual([{ deals: 6 }]);
  });

  it('commits nothing of a failed transaction, naming the failing statement', async () => {
    const failing = counted([...engine.dialect.createTableAs(deals, 'select 1 as deal_id', config), 'insert into analytics.missing_table values (1)']);

    await expect(failing).rejects.toThrow(/\(statement (\d) of \1 of a transaction, rolled back\): insert into analytics\.missing_table/);
    expect(await engine.relationKind(deals)).toBeUndefined();
  });
});

describe('the Redshift Data API engine', () => {
  it('has no countedTransaction: DescribeStatement promises no row count for CREATE TABLE AS', async () => {
    const engine: Engine = new RedshiftDataEngine({ workgroupName: 'crm', database: 'dev', region: 'eu-west-1' });

    expect(engine.countedTransaction).toBeUndefined();
    await engine.close();
  });
});
