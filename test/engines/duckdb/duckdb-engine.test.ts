import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../lib/engines/duckdb/duckdb-engine.ts';

describe('DuckDbEngine', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    await engine.execute('create schema analytics');
  });
  afterEach(() => engine.close());

  it('commits every statement of a transaction', async () => {
    await engine.transaction([
      'create table analytics.t (id integer)',
      'insert into analytics.t values (1), (2)',
    ]);
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
      /^DuckDB statement failed \(statement 3 of 3 of a transaction, rolled back\): insert into analytics.missing_table\n.*missing_table/,
    );
    expect(await engine.relationKind({ schema: 'analytics', name: 'half_built' })).toBeUndefined();
    expect(await engine.query('select count(*) as n from analytics.kept')).toEqual([{ n: 0 }]);
    // The connection is usable again: the rollback really ended the transaction.
    await engine.transaction(['insert into analytics.kept values (5)']);
    expect(await engine.query('select id from analytics.kept')).toEqual([{ id: 5 }]);
  });

  it('names the statement when a query fails', async () => {
    await expect(engine.query('select nope\nfrom analytics.nothing')).rejects.toThrow(
      /^DuckDB statement failed: select nope\n/,
    );
  });

  it('names the statement when execute fails', async () => {
    await expect(engine.execute('drop table analytics.nothing')).rejects.toThrow(
      /^DuckDB statement failed: drop table analytics.nothing\n.*nothing/,
    );
  });

  it('keeps two queries in flight at once on separate connections', async () => {
    expect(engine.concurrency).toBe(2);
    const order: string[] = [];
    const slow = engine
      .query('select count(*) as n from range(20000000) a where a.range % 7 = 3')
      .then((rows) => {
        order.push('slow');
        return rows;
      });
    const fast = engine.query('select 1 as one').then((rows) => {
      order.push('fast');
      return rows;
    });
    const [slowRows, fastRows] = await Promise.all([slow, fast]);
    expect(fastRows).toEqual([{ one: 1 }]);
    expect(slowRows[0]?.n).toBeGreaterThan(0);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('queues calls beyond its concurrency instead of failing', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) => engine.query(`select ${index} as i`)),
    );
    expect(results.map((rows) => rows[0]?.i)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('runs independent transactions concurrently', async () => {
    await Promise.all([
      engine.transaction(['create table analytics.a as select 1 as x', 'insert into analytics.a values (2)']),
      engine.transaction(['create table analytics.b as select 1 as x']),
    ]);
    expect(await engine.query('select (select count(*) from analytics.a) as a, (select count(*) from analytics.b) as b')).toEqual([
      { a: 2, b: 1 },
    ]);
  });

  it('reports each statement and its seconds to onStatement', async () => {
    const seen: [string, number][] = [];
    engine.onStatement = (sql, seconds) => seen.push([sql, seconds]);
    await engine.transaction(['create table analytics.s (id integer)']);
    await engine.query('select 1 as x');
    expect(seen.map(([sql]) => sql)).toEqual([
      'begin transaction',
      'create table analytics.s (id integer)',
      'commit',
      'select 1 as x',
    ]);
    expect(seen.every(([, seconds]) => seconds >= 0 && seconds < 10)).toBe(true);
  });

  it('tells tables from views and absent relations', async () => {
    await engine.execute('create table analytics.t as select 1 as x');
    await engine.execute('create view analytics.v as select 1 as x');
    expect(await engine.relationKind({ schema: 'analytics', name: 't' })).toBe('table');
    expect(await engine.relationKind({ schema: 'analytics', name: 'v' })).toBe('view');
    expect(await engine.relationKind({ schema: 'analytics', name: 'absent' })).toBeUndefined();
    expect(await engine.relationKind({ schema: 'marts', name: 't' })).toBeUndefined();
  });

  it('runs DuckDB with the thread count asked for', async () => {
    expect(await engine.query("select current_setting('threads') as threads")).toEqual([{ threads: 1 }]);
  });

  it('caps DuckDB memory at 400 MB unless told otherwise', async () => {
    const limit = "select current_setting('memory_limit') as memory_limit";
    expect(await engine.query(limit)).toEqual([{ memory_limit: '381.4 MiB' }]);
    const roomy = await DuckDbEngine.open({ path: ':memory:', memoryLimit: '2GB' });
    expect(await roomy.query(limit)).toEqual([{ memory_limit: '1.8 GiB' }]);
    await roomy.close();
  });

  it("flushes the allocator's caches from 16 MB, on a background thread", async () => {
    const settings = "select current_setting('allocator_flush_threshold') as threshold, current_setting('allocator_background_threads') as background";
    expect(await engine.query(settings)).toEqual([{ threshold: '15.2 MiB', background: true }]);
  });

  it('builds tables without keeping the scan order, on pooled and held connections alike', async () => {
    const setting = "select current_setting('preserve_insertion_order') as preserved";
    expect(await engine.query(setting)).toEqual([{ preserved: false }]);
    expect(await engine.inTransaction((held) => held.query(setting))).toEqual([{ preserved: false }]);
  });

  it('runs a transaction that ran out of memory once more alone, and reports a second failure with the rollback kept', async () => {
    const tight = await DuckDbEngine.open({ path: ':memory:', memoryLimit: '2MB' });
    const warnings: string[] = [];
    tight.onWarning = (message) => warnings.push(message);
    const tooBig = "-- too big for 2 MB\ncreate table t as select range as i, range::varchar || repeat('x', 50) as s from range(2000000) order by s desc";
    await expect(tight.transaction([tooBig])).rejects.toThrow(/Out of Memory Error[\s\S]*then again alone: it needs more than the limit/);
    expect(await tight.query("select count(*) as n from duckdb_tables() where table_name = 't'")).toEqual([{ n: 0 }]);
    expect(warnings).toEqual(["ran out of DuckDB's memory_limit beside other statements, so it ran again alone, waiting for them: create table t as select range as i, range::varchar || repeat('x', 50) as s from range(2000000) orde…"]);
    await tight.close();
  });

  it('runs a query and a counted test query that ran out of memory once more alone, as it does a transaction', async () => {
    const tight = await DuckDbEngine.open({ path: ':memory:', memoryLimit: '2MB' });
    const warnings: string[] = [];
    tight.onWarning = (message) => warnings.push(message);
    const tooBig = "select range as i, range::varchar || repeat('x', 50) as s from range(2000000) order by s desc";
    await expect(tight.query(tooBig)).rejects.toThrow(/Out of Memory Error[\s\S]*then again alone: it needs more than the limit/);
    await expect(tight.countWithSample(tooBig, 5)).rejects.toThrow(/Out of Memory Error[\s\S]*then again alone: it needs more than the limit/);
    expect(warnings).toHaveLength(2);
    expect(warnings.every((warning) => warning.startsWith("ran out of DuckDB's memory_limit beside other statements, so it ran again alone, waiting for them: select range as i"))).toBe(true);
    await tight.close();
  });

  it("runs a held transaction's query that ran out of memory once more alone, in the transaction restored with its writes", async () => {
    const tight = await DuckDbEngine.open({ path: ':memory:', memoryLimit: '2MB' });
    const warnings: string[] = [];
    tight.onWarning = (message) => warnings.push(message);
    const tooBig = "select range as i, range::varchar || repeat('x', 50) as s from range(2000000) order by s desc";
    const seen = await tight.inTransaction(async (held) => {
      await held.execute('create table merged as select 1 as one');
      const query = await held.query(tooBig).catch((error: Error) => error.message);
      const counted = held.countWithSample === undefined ? 'no countWithSample' : await held.countWithSample(tooBig, 5).catch((error: Error) => error.message);
      return { query, counted, writes: await held.query('select one from merged') };
    });
    expect(seen.query).toMatch(/Out of Memory Error[\s\S]*then again alone: it needs more than the limit/);
    expect(seen.counted).toMatch(/Out of Memory Error[\s\S]*then again alone: it needs more than the limit/);
    expect(seen.writes).toEqual([{ one: 1 }]);
    expect(warnings).toHaveLength(2);
    expect(warnings.every((warning) => warning.startsWith("ran out of DuckDB's memory_limit beside other statements, so it ran again alone, waiting for them: select range as i"))).toBe(true);
    await tight.close();
  });

  it('runs a transaction retried alone once the statements in flight are done, and nothing beside it', async () => {
    const order: string[] = [];
    const pool = (engine as unknown as { pool: { useAlone: (work: () => Promise<void>) => Promise<void> } }).pool;
    const blocker = engine.withConnection(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('in flight done');
    });
    let finishAlone = (): void => {};
    let aloneStarted = (): void => {};
    const started = new Promise<void>((resolve) => (aloneStarted = resolve));
    const alone = pool.useAlone(async () => {
      order.push('alone started');
      aloneStarted();
      await new Promise<void>((done) => (finishAlone = done));
      order.push('alone done');
    });
    await started;
    const beside = engine.query('select 1 as one').then(() => order.push('beside'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    finishAlone();
    await Promise.all([blocker, alone, beside]);
    expect(order).toEqual(['in flight done', 'alone started', 'alone done', 'beside']);
  });

  it('refuses calls after close', async () => {
    const closed = await DuckDbEngine.open({ path: ':memory:' });
    await closed.close();
    await expect(closed.query('select 1')).rejects.toThrow('DuckDB engine is closed');
  });

  it('fails calls still waiting for a connection when it closes', async () => {
    const closing = await DuckDbEngine.open({ path: ':memory:', concurrency: 1 });
    let release = (): void => undefined;
    const holding = closing.withConnection(() => new Promise<void>((resolve) => (release = resolve)));
    const waiting = closing.query('select 1');
    await closing.close();
    await expect(waiting).rejects.toThrow('DuckDB engine is closed');
    release();
    await holding;
  });

  it('rejects a connection pool that is not a positive integer', async () => {
    await expect(DuckDbEngine.open({ path: ':memory:', concurrency: 0 })).rejects.toThrow(
      'DuckDB connection pool size must be a positive integer, got 0',
    );
  });
});

describe('DuckDbEngine on a file', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'duckdb-engine-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('creates the parent folder and keeps data across opens', async () => {
    const path = join(folder, 'nested', 'target', 'warehouse.duckdb');
    const first = await DuckDbEngine.open({ path });
    await first.execute('create table t as select 42 as answer');
    await first.close();
    const second = await DuckDbEngine.open({ path });
    expect(await second.query('select answer from t')).toEqual([{ answer: 42 }]);
    await second.close();
  });

  it('leaves text uncompressed unless asked, for fast writes', async () => {
    // What a table write stores for a text column is what matters, not the setting's text.
    const textEncodings = async (engine: DuckDbEngine): Promise<string[]> => {
      await engine.execute("create table words as select 'word-' || (i % 10) as word from range(200000) as r(i)");
      await engine.execute('checkpoint');
      const rows = await engine.query("select distinct compression from pragma_storage_info('words') where segment_type = 'VARCHAR' order by 1");
      return rows.map((row) => String(row.compression));
    };
    const fast = await DuckDbEngine.open({ path: join(folder, 'fast.duckdb') });
    expect(await textEncodings(fast)).toEqual(['Uncompressed']);
    await fast.close();
    const compact = await DuckDbEngine.open({ path: join(folder, 'compact.duckdb'), compressText: true });
    expect(await textEncodings(compact)).not.toContain('Uncompressed');
    await compact.close();
  });

  it('names the file it cannot open', async () => {
    const path = join(folder, 'not-a-database.duckdb');
    await writeFile(path, 'this is not a DuckDB file, just text that is long enough to have a header');
    await expect(DuckDbEngine.open({ path })).rejects.toThrow(`cannot open DuckDB database ${path}: `);
  });
});
