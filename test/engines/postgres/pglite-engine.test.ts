import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PgliteEngine } from '../../../lib/engines/postgres/pglite-engine.ts';

describe('PgliteEngine', () => {
  let engine: PgliteEngine;
  beforeAll(async () => {
    engine = await PgliteEngine.open();
  });
  afterAll(() => engine.close());
  beforeEach(() => engine.execute('create schema analytics'));
  afterEach(async () => {
    engine.onStatement = undefined;
    await engine.execute('drop schema analytics cascade');
  });

  it('commits every statement of a transaction', async () => {
    await engine.transaction(['create table analytics.t (id integer)', 'insert into analytics.t values (1), (2)']);
    expect(await engine.query('select count(*) as n from analytics.t')).toEqual([{ n: 2 }]);
  });

  it('rolls a failed transaction back, leaving nothing, and names the failing statement', async () => {
    await engine.execute('create table analytics.kept (id integer)');
    const failing = engine.transaction([
      'create table analytics.half_built (id integer)',
      'insert into analytics.kept values (1)',
      'insert into analytics.missing_table\nvalues (1)',
    ]);
    await expect(failing).rejects.toThrow(
      /^Postgres statement failed \(statement 3 of 3 of a transaction, rolled back\): insert into analytics.missing_table\n.*missing_table/,
    );
    expect(await engine.relationKind({ schema: 'analytics', name: 'half_built' })).toBeUndefined();
    expect(await engine.query('select count(*) as n from analytics.kept')).toEqual([{ n: 0 }]);
    await engine.transaction(['insert into analytics.kept values (5)']);
    expect(await engine.query('select id from analytics.kept')).toEqual([{ id: 5 }]);
  });

  it('names the statement, with Postgres detail, when a query fails', async () => {
    await expect(engine.query('select nope\nfrom analytics.nothing')).rejects.toThrow(/^Postgres statement failed: select nope\n.*nothing/);
    await engine.execute('create table analytics.keyed (id integer primary key)');
    await expect(engine.execute('insert into analytics.keyed values (1), (1)')).rejects.toThrow(
      /duplicate key value.*\nDETAIL: Key \(id\)=\(1\) already exists/,
    );
  });

  it('names the statement when execute fails', async () => {
    await expect(engine.execute('drop table analytics.nothing')).rejects.toThrow(
      /^Postgres statement failed: drop table analytics.nothing\n.*nothing/,
    );
  });

  it('refuses to commit a transaction that an error it swallowed has aborted', async () => {
    await engine.execute('create table analytics.t (id integer)');
    const failing = engine.exclusive((session) =>
      session.inTransaction(async () => {
        await session.execute('insert into analytics.t values (1)');
        await session.execute('select 1 / 0').catch(() => undefined);
      }),
    );
    await expect(failing).rejects.toThrow(/^Postgres statement failed: commit\nan earlier statement failed/);
    expect(await engine.query('select count(*) as n from analytics.t')).toEqual([{ n: 0 }]);
  });

  it('rolls back and rethrows when the work of a held transaction throws', async () => {
    await engine.execute('create table analytics.t (id integer)');
    const failing = engine.exclusive((session) =>
      session.inTransaction(async () => {
        await session.execute('insert into analytics.t values (1)');
        throw new Error('changed my mind');
      }),
    );
    await expect(failing).rejects.toThrow('changed my mind');
    expect(await engine.query('select count(*) as n from analytics.t')).toEqual([{ n: 0 }]);
  });

  it('runs one call at a time, so concurrent transactions never interleave', async () => {
    expect(engine.concurrency).toBe(1);
    await engine.execute('create table analytics.log (writer text, step integer)');
    const seen: string[] = [];
    engine.onStatement = (sql) => seen.push(sql);
    await Promise.all(
      ['a', 'b', 'c'].map((writer) =>
        engine.transaction([1, 2].map((step) => `insert into analytics.log values ('${writer}', ${step})`)),
      ),
    );
    const inserts = seen.filter((sql) => sql.startsWith('insert')).map((sql) => sql.slice(-8));
    expect(inserts).toEqual(["('a', 1)", "('a', 2)", "('b', 1)", "('b', 2)", "('c', 1)", "('c', 2)"]);
    expect(seen.filter((sql) => sql === 'begin')).toHaveLength(3);
  });

  it('keeps serving calls after one of them failed', async () => {
    const results = await Promise.allSettled([engine.query('select 1 as one'), engine.query('select nope'), engine.query('select 2 as two')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('reports each statement and its seconds to onStatement', async () => {
    const seen: [string, number][] = [];
    engine.onStatement = (sql, seconds) => seen.push([sql, seconds]);
    await engine.transaction(['create table analytics.s (id integer)']);
    await engine.query('select 1 as x');
    expect(seen.map(([sql]) => sql)).toEqual(['begin', 'create table analytics.s (id integer)', 'commit', 'select 1 as x']);
    expect(seen.every(([, seconds]) => seconds >= 0 && seconds < 10)).toBe(true);
  });

  it('tells tables from views and absent relations', async () => {
    await engine.execute('create table analytics.t as select 1 as x');
    await engine.execute('create view analytics.v as select 1 as x');
    await engine.execute('create temp table t as select 1 as x');
    expect(await engine.relationKind({ schema: 'analytics', name: 't' })).toBe('table');
    expect(await engine.relationKind({ schema: 'analytics', name: 'v' })).toBe('view');
    expect(await engine.relationKind({ schema: 'analytics', name: 'absent' })).toBeUndefined();
    expect(await engine.relationKind({ schema: 'marts', name: 't' })).toBeUndefined();
    await engine.execute('drop table pg_temp.t');
  });

  it('starts every in-memory engine empty', async () => {
    await engine.execute('create table analytics.leftover as select 1 as x');
    const other = await PgliteEngine.open();
    expect(await other.relationKind({ schema: 'analytics', name: 'leftover' })).toBeUndefined();
    await other.close();
  });

  it('runs sessions in UTC with ISO dates, whatever the client machine says', async () => {
    expect(await engine.query('show timezone')).toEqual([{ TimeZone: 'UTC' }]);
    expect(await engine.query("select cast(timestamptz '2026-11-24 10:15:00+02' as text) as shown")).toEqual([
      { shown: '2026-11-24 08:15:00+00' },
    ]);
  });
});

describe('PgliteEngine lifecycle', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'pglite-engine-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('creates the data directory with its parents and keeps data across opens', async () => {
    const dataDir = join(folder, 'nested', 'target', 'warehouse.pg');
    const first = await PgliteEngine.open({ dataDir });
    await first.execute('create table t as select 42 as answer');
    await first.close();
    const second = await PgliteEngine.open({ dataDir });
    expect(await second.query('select answer from t')).toEqual([{ answer: 42 }]);
    expect(second.dataDir).toBe(dataDir);
    await second.close();
  });

  it('names the data directory it cannot open', async () => {
    const notADirectory = join(folder, 'file');
    await writeFile(notADirectory, 'not a database');
    await expect(PgliteEngine.open({ dataDir: join(notADirectory, 'db') })).rejects.toThrow(
      `cannot open Postgres (PGlite) database ${join(notADirectory, 'db')}: `,
    );
  });

  it('closes the database and fails the open when the session settings are refused', async () => {
    const exec = PGlite.prototype.exec;
    const refusing = vi.spyOn(PGlite.prototype, 'exec').mockImplementation(function (this: PGlite, sql, options) {
      return sql.startsWith("set timezone = 'UTC'") ? Promise.reject(new Error('settings refused')) : exec.call(this, sql, options);
    });
    const closing = vi.spyOn(PGlite.prototype, 'close');
    try {
      await expect(PgliteEngine.open()).rejects.toThrow('settings refused');
      expect(closing).toHaveBeenCalledTimes(1);
    } finally {
      refusing.mockRestore();
      closing.mockRestore();
    }
  });

  it('finishes the call in flight, rejects waiting and later calls, when it closes', async () => {
    const engine = await PgliteEngine.open();
    let release = (): void => undefined;
    let started = (): void => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const holding = engine.exclusive(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
          started();
        }),
    );
    await running;
    const waiting = engine.query('select 1').then(
      () => 'ran',
      (error: Error) => error.message,
    );
    const closing = engine.close();
    release();
    await holding;
    await closing;
    expect(await waiting).toBe('Postgres engine is closed');
    await expect(engine.query('select 1')).rejects.toThrow('Postgres engine is closed');
  });
});
