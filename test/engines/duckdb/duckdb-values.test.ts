import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../lib/engines/duckdb/duckdb-engine.ts';

describe('DuckDbEngine.query row values', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
  });
  afterAll(() => engine.close());

  it('converts every scalar type to a JSON-friendly value', async () => {
    const [row] = await engine.query(`select
      true as a_boolean,
      cast(7 as tinyint) as a_tinyint,
      cast(42 as integer) as an_integer,
      cast(9007199254740991 as bigint) as a_bigint,
      cast(123 as hugeint) as a_hugeint,
      cast(5 as ubigint) as a_ubigint,
      cast(1.5 as double) as a_double,
      cast(1234.56 as decimal(18,2)) as a_decimal,
      cast(12.5 as decimal(5,2)) as a_small_decimal,
      'text' as a_varchar,
      date '2026-11-24' as a_date,
      timestamp '2026-11-24 10:15:00.123456' as a_timestamp,
      timestamptz '2026-11-24 10:15:00+02' as a_timestamptz,
      cast('2026-11-24 10:15:00.5' as timestamp_ms) as a_timestamp_ms,
      cast('infinity' as timestamp) as an_infinite_timestamp,
      time '08:30:00' as a_time,
      interval 3 day as an_interval,
      [1, 2] as a_list,
      {'k': 'v'} as a_struct,
      cast(null as integer) as a_null`);
    expect(row).toEqual({
      a_boolean: true,
      a_tinyint: 7,
      an_integer: 42,
      a_bigint: 9007199254740991,
      a_hugeint: 123,
      a_ubigint: 5,
      a_double: 1.5,
      a_decimal: 1234.56,
      a_small_decimal: 12.5,
      a_varchar: 'text',
      a_date: '2026-11-24',
      a_timestamp: '2026-11-24T10:15:00.123Z',
      a_timestamptz: '2026-11-24T08:15:00.000Z',
      a_timestamp_ms: '2026-11-24T10:15:00.500Z',
      an_infinite_timestamp: 'infinity',
      a_time: '08:30:00',
      an_interval: '3 days',
      a_list: '[1,2]',
      a_struct: '{"k":"v"}',
      a_null: null,
    });
  });

  it('keeps duplicate column names apart', async () => {
    const rows = await engine.query('select 1 as x, 2 as x');
    expect(Object.values(rows[0] ?? {})).toEqual([1, 2]);
    expect(Object.keys(rows[0] ?? {})).toHaveLength(2);
  });

  it('returns every row in order', async () => {
    const rows = await engine.query('select range as n from range(3000) order by n');
    expect(rows).toHaveLength(3000);
    expect(rows[2999]).toEqual({ n: 2999 });
  });
});
