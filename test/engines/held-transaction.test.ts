/**
 * The local engines' held transaction (lib/engines/held-transaction.ts, Engine.inTransaction): one
 * transaction on one connection, committed when its work resolves and rolled back when it throws,
 * that outlives a failed statement, on DuckDB and Postgres (PGlite).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine, Row } from '../../lib/engines/engine.ts';
import { HeldTransaction, runHeld, type HeldSession } from '../../lib/engines/held-transaction.ts';
import { duckDbDialect } from '../../lib/engines/duckdb/duckdb-dialect.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';

type HoldingEngine = Engine & Required<Pick<Engine, 'inTransaction'>>;

const engines: readonly [string, () => Promise<HoldingEngine>][] = [
  ['DuckDB', () => DuckDbEngine.open({ path: ':memory:', threads: 1 })],
  ['Postgres (PGlite)', () => PgliteEngine.open()],
];

describe.each(engines)('a held transaction on %s', (_name, open) => {
  let engine: HoldingEngine;
  beforeEach(async () => {
    engine = await open();
    await engine.execute('create schema analytics');
    await engine.execute('create table analytics.t (id integer, label varchar(10))');
  }, 60_000);
  afterEach(() => engine.close());

  async function ids(): Promise<number[]> {
    return (await engine.query('select id from analytics.t order by id')).map((row) => Number(row.id));
  }

  it('commits what its work wrote when the work resolves, and reads its own writes before that', async () => {
    const seen = await engine.inTransaction(async (held) => {
      await held.transaction(['insert into analytics.t values (1, null)', 'create view analytics.t_view as select * from analytics.t']);
      await held.execute('insert into analytics.t values (2, null)');
      return { rows: await held.query('select count(*) as n from analytics.t_view'), kind: await held.relationKind({ schema: 'analytics', name: 't_view' }) };
    });

    expect(seen).toEqual({ rows: [{ n: 2 }], kind: 'view' });
    expect(await ids()).toEqual([1, 2]);
  });

  it('rolls everything back when the work throws, and rethrows its error', async () => {
    const failing = engine.inTransaction(async (held) => {
      await held.execute('insert into analytics.t values (1, null)');
      await held.execute('create view analytics.t_view as select * from analytics.t');
      throw new Error('refused');
    });

    await expect(failing).rejects.toThrow('refused');
    expect(await ids()).toEqual([]);
    expect(await engine.relationKind({ schema: 'analytics', name: 't_view' })).toBeUndefined();
  });

  it('goes on after a failed statement with the writes before it, and a failed transaction call leaves none of its own', async () => {
    await engine.inTransaction(async (held) => {
      await held.execute(`insert into analytics.t values (1, 'one')`);
      // A conversion error aborts the transaction on both engines.
      await expect(held.query('select cast(label as integer) as n from analytics.t')).rejects.toThrow(/one/);
      await expect(held.transaction(['insert into analytics.t values (2, null)', 'insert into analytics.no_such_table values (3)'])).rejects.toThrow(/no_such_table/);
      expect(await held.query('select count(*) as n from analytics.t')).toEqual([{ n: 1 }]);
      await held.execute('insert into analytics.t values (4, null)');
    });

    expect(await ids()).toEqual([1, 4]);
  });

  it('cannot be closed by its user', async () => {
    const closing = engine.inTransaction((held) => held.close());

    await expect(closing).rejects.toThrow('a held transaction is not closed by its user: it commits or rolls back when its work ends');
    expect(await engine.query('select 1 as one')).toEqual([{ one: 1 }]);
  });
});

/** A session whose transaction cannot be begun again, as when the connection was lost after a failure. */
class LosingSession implements HeldSession {
  readonly sent: string[] = [];
  async execute(sql: string): Promise<void> {
    this.sent.push(sql);
    if (sql === 'begin transaction') throw new Error('connection lost');
  }
  async query(sql: string): Promise<Row[]> {
    this.sent.push(sql);
    throw new Error('syntax error');
  }
}

describe('a held transaction that cannot be restored', () => {
  const options = { target: 'duckdb' as const, dialect: duckDbDialect, relationKindsQuery: () => 'select 1' };

  it('refuses every later call, and its owner does not commit it', async () => {
    const session = new LosingSession();
    const held = new HeldTransaction(session, options);
    await held.execute('insert into t values (1)');

    await expect(held.query('select nonsense')).rejects.toThrow('syntax error');
    await expect(held.execute('insert into t values (2)')).rejects.toThrow('the held transaction could not be restored after a failed statement: connection lost');
    expect(session.sent).toEqual(['insert into t values (1)', 'select nonsense', 'rollback', 'begin transaction']);

    const swallowed = runHeld(session, options, async (engine) => {
      await engine.query('select nonsense').catch(() => undefined);
    });
    await expect(swallowed).rejects.toThrow('could not be restored');
  });
});

describe('a failing test counted with its sample in a held DuckDB transaction', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    await engine.execute('create table t (id integer)');
  });
  afterEach(() => engine.close());

  it('reads the uncommitted rows, and a failed count leaves the writes before it', async () => {
    const counted = await engine.inTransaction(async (held) => {
      await held.execute('insert into t values (1), (2)');
      if (held.countWithSample === undefined) throw new Error('the held DuckDB transaction has no countWithSample');
      await expect(held.countWithSample('select no_such_column from t', 5)).rejects.toThrow(/no_such_column/);
      return held.countWithSample('select id from t where id > 1', 5);
    });

    expect(counted).toEqual({ count: 1, sample: [{ id: 2 }] });
    expect(await engine.query('select count(*) as n from t')).toEqual([{ n: 2 }]);
  });

  it('is absent when the session cannot count with a sample (Postgres, Redshift)', () => {
    const held = new HeldTransaction(new LosingSession(), { target: 'postgres', dialect: duckDbDialect, relationKindsQuery: () => 'select 1' });

    expect(held.countWithSample).toBeUndefined();
  });
});
