import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../lib/engines/duckdb/duckdb-engine.ts';
import { PgliteEngine } from '../../../lib/engines/postgres/pglite-engine.ts';
import { deduplicatedNames, isoTimestamp, toRowValue } from '../../../lib/engines/postgres/postgres-values.ts';

describe('Postgres row values', () => {
  let postgres: PgliteEngine;
  let duckdb: DuckDbEngine;
  beforeAll(async () => {
    [postgres, duckdb] = await Promise.all([PgliteEngine.open(), DuckDbEngine.open({ path: ':memory:', threads: 1 })]);
  });
  afterAll(async () => {
    await Promise.all([postgres.close(), duckdb.close()]);
  });

  it('reads every warehouse type exactly as the DuckDB engine does', async () => {
    const sql = `select
        cast(9007199254740991 as bigint) as big,
        cast(-7 as integer) as whole,
        cast(3 as smallint) as small,
        cast(1234.5 as decimal(18,2)) as money,
        cast(0.1 as double precision) as ratio,
        cast('Infinity' as double precision) as endless,
        true as yes,
        'text' as label,
        cast(null as varchar) as nothing,
        date '2026-11-24' as day,
        timestamp '2026-11-24 10:15:00.123456' as moment,
        timestamp '1999-12-31 23:59:59' as old_moment,
        cast('2026-11-24 10:15:00+02' as timestamptz) as zoned_moment`;
    const [fromPostgres, fromDuckDb] = await Promise.all([postgres.query(sql), duckdb.query(sql)]);
    expect(fromPostgres).toEqual(fromDuckDb);
    expect(fromPostgres).toEqual([
      {
        big: 9007199254740991,
        whole: -7,
        small: 3,
        money: 1234.5,
        ratio: 0.1,
        endless: Infinity,
        yes: true,
        label: 'text',
        nothing: null,
        day: '2026-11-24',
        moment: '2026-11-24T10:15:00.123Z',
        old_moment: '1999-12-31T23:59:59.000Z',
        zoned_moment: '2026-11-24T08:15:00.000Z',
      },
    ]);
  });

  it('names repeated columns as the DuckDB engine does', async () => {
    const sql = 'select 1 as x, 2 as x, 3 as x';
    expect(await postgres.query(sql)).toEqual(await duckdb.query(sql));
    expect(deduplicatedNames(['x', 'y', 'x', 'x'])).toEqual(['x', 'y', 'x:1', 'x:2']);
  });

  it('turns arrays and other structured values into JSON text', async () => {
    expect(await postgres.query('select array[1, 2] as numbers, cast(\'{"a": 1}\' as jsonb) as document')).toEqual([
      { numbers: '[1,2]', document: '{"a": 1}' },
    ]);
    expect(toRowValue(BigInt(12))).toBe(12);
    expect(toRowValue({ nested: [BigInt(1)] })).toBe('{"nested":[1]}');
    expect(toRowValue(undefined)).toBeNull();
  });

  it('keeps interval, time and uuid as Postgres text', async () => {
    expect(
      await postgres.query(
        "select interval '1 day 02:00:00' as span, time '10:15:00' as clock, cast('00000000-0000-0000-0000-000000000001' as uuid) as id",
      ),
    ).toEqual([{ span: '1 day 02:00:00', clock: '10:15:00', id: '00000000-0000-0000-0000-000000000001' }]);
  });
});

describe('isoTimestamp', () => {
  it('drops sub-millisecond digits and pads short fractions', () => {
    expect(isoTimestamp('2026-11-24 10:15:00.987654')).toBe('2026-11-24T10:15:00.987Z');
    expect(isoTimestamp('2026-11-24 10:15:00.5')).toBe('2026-11-24T10:15:00.500Z');
  });

  it('applies a timestamptz offset, minutes and seconds included', () => {
    expect(isoTimestamp('2026-11-24 10:15:00+05:30')).toBe('2026-11-24T04:45:00.000Z');
    expect(isoTimestamp('2026-11-24 10:15:00-03')).toBe('2026-11-24T13:15:00.000Z');
    expect(isoTimestamp('1900-01-01 00:00:00+00:09:21')).toBe('1899-12-31T23:50:39.000Z');
  });

  it('reads years before 100, BC years and years past 9999 as JS dates do', () => {
    expect(isoTimestamp('0042-03-04 00:00:00')).toBe('0042-03-04T00:00:00.000Z');
    expect(isoTimestamp('0001-01-01 00:00:00 BC')).toBe('0000-01-01T00:00:00.000Z');
    expect(isoTimestamp('10000-01-01 00:00:00')).toBe('+010000-01-01T00:00:00.000Z');
  });

  it("keeps Postgres's text for values a JS date cannot hold", () => {
    expect(isoTimestamp('infinity')).toBe('infinity');
    expect(isoTimestamp('-infinity')).toBe('-infinity');
    expect(isoTimestamp('294276-12-31 23:59:59')).toBe('294276-12-31 23:59:59');
  });
});
