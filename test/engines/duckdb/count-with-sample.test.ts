/**
 * DuckDbEngine.countWithSample: a failing test's count and a few of its rows from one read
 * (lib/runner/test-check.ts), each row as `query` returns it.
 */
import { DuckDBInstance, type DuckDBType } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../lib/engines/duckdb/duckdb-engine.ts';
import { rowsFromStructList } from '../../../lib/engines/duckdb/duckdb-values.ts';

describe('DuckDbEngine.countWithSample', () => {
  let engine: DuckDbEngine;
  const statements: string[] = [];
  beforeAll(async () => {
    engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    await engine.execute(`create table t as
      select range as id, 'row ' || range as label, cast(range / 4 as decimal(18,2)) as amount,
             date '2026-11-01' + cast(range as integer) as day, timestamp '2026-11-01 10:15:00.5' + range * interval 1 hour as at,
             [range, range + 1] as pair, case when range % 2 = 0 then null else range end as odd
      from range(40)`);
    engine.onStatement = (sql) => statements.push(sql);
  });
  afterAll(() => engine.close());

  it('counts every row and keeps sampleSize of them, each as query returns it', async () => {
    const sql = 'select * from t where id >= 10';
    const all = await engine.query(sql);
    statements.length = 0;

    const counted = await engine.countWithSample(sql, 5);

    expect(counted.count).toBe(30);
    expect(counted.sample).toHaveLength(5);
    for (const row of counted.sample) expect(all).toContainEqual(row);
    expect(statements).toHaveLength(1);
  });

  it('keeps every row when there are fewer than sampleSize', async () => {
    const counted = await engine.countWithSample('select id, label from t where id < 2', 5);

    expect(counted.count).toBe(2);
    expect([...counted.sample].sort((a, b) => Number(a.id) - Number(b.id))).toEqual([
      { id: 0, label: 'row 0' },
      { id: 1, label: 'row 1' },
    ]);
  });

  it('answers 0 and no row when the query returns none', async () => {
    expect(await engine.countWithSample('select * from t where false', 5)).toEqual({ count: 0, sample: [] });
  });

  it('names duplicate columns as a derived table does (the sample query read one), and keeps a column of untyped nulls', async () => {
    const sql = 'select id, id, null as nothing from t where id = 3';
    const [expected] = await engine.query(`select * from (${sql}) failing_rows`);

    const counted = await engine.countWithSample(sql, 5);

    expect(counted.sample).toEqual([expected]);
    expect(Object.keys(expected ?? {})).toHaveLength(3);
  });

  it('reads a query that ends in a line comment', async () => {
    expect((await engine.countWithSample('select id from t where id = 1 -- the first odd id', 5)).count).toBe(1);
  });

  it('fails naming the statement when the query cannot run', async () => {
    await expect(engine.countWithSample('select missing_column from t', 5)).rejects.toThrow(/missing_column/);
  });
});

describe('rowsFromStructList', () => {
  it('refuses a value that is not a list of rows, naming its type', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const [sql, type] of [
        ['select 1 as x', 'INTEGER'],
        ['select [1, 2] as x', 'INTEGER[]'],
      ] as const) {
        const reader = await connection.runAndReadAll(sql);
        const [column] = reader.columnTypes();
        expect(() => rowsFromStructList(reader.getRows()[0]?.[0] ?? null, column as DuckDBType)).toThrow(`expected a LIST of STRUCT, got ${type}`);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
