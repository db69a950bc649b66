import { PGlite } from '@electric-sql/pglite';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redshiftString, sqlLiteral, sqlString, sqlStringFor } from '../../lib/sql/literals.ts';

// Values that end a string early when a dialect's escape rules are ignored.
const CRAFTED = [
  String.raw`raw/deals/ingest_date=2026-11-24/x'\'; drop table raw.deals; --.csv`,
  'ends with a backslash \\',
  String.raw`\\ two, then a quote ' and \' again`,
  "plain",
];

describe('string literals', () => {
  // Postgres with standard_conforming_strings off reads '…' as Redshift does: a backslash escapes.
  let redshiftLike: PGlite;
  let postgres: PGlite;
  beforeAll(async () => {
    redshiftLike = await PGlite.create();
    await redshiftLike.exec('set standard_conforming_strings = off; set escape_string_warning = off');
    postgres = await PGlite.create();
  });
  afterAll(async () => {
    await redshiftLike.close();
    await postgres.close();
  });

  it.each(CRAFTED)('reads back %s unchanged on Redshift-style strings', async (value) => {
    const result = await redshiftLike.query<{ v: string; n: number }>(`select ${redshiftString(value)} as v, 1 as n`);
    expect(result.rows).toEqual([{ v: value, n: 1 }]);
  });

  it.each(CRAFTED)('reads back %s unchanged on Postgres and DuckDB', async (value) => {
    const result = await postgres.query<{ v: string }>(`select ${sqlString(value)} as v`);
    expect(result.rows).toEqual([{ v: value }]);
    const duckdb = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await duckdb.runAndReadAll(`select ${sqlString(value)} as v`);
    expect(reader.getRowObjectsJson()).toEqual([{ v: value }]);
    duckdb.closeSync();
  });

  it('shows why Redshift needs its own form: the standard form ends the string early there', async () => {
    await expect(redshiftLike.query(`select ${sqlString(String.raw`x\'; select 1; --`)} as v`)).rejects.toThrow();
  });

  it('picks the quoting by target, for literals of any scalar too', () => {
    expect(sqlStringFor('redshift')(String.raw`a\b`)).toBe(String.raw`'a\\b'`);
    expect(sqlStringFor('duckdb')(String.raw`a\b`)).toBe(String.raw`'a\b'`);
    expect(sqlStringFor('postgres')("it's")).toBe("'it''s'");
    expect(sqlLiteral(String.raw`a\b`, 'redshift')).toBe(String.raw`'a\\b'`);
    expect(sqlLiteral(String.raw`a\b`)).toBe(String.raw`'a\b'`);
    expect(sqlLiteral(null, 'redshift')).toBe('null');
    expect(sqlLiteral(2.5, 'redshift')).toBe('2.5');
  });
});
