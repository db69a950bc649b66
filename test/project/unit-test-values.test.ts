import { describe, expect, it } from 'vitest';
import { inferColumnType, sizedTextType, typedLiteral } from '../../lib/project/unit-test-values.ts';

describe('inferColumnType', () => {
  it('types whole numbers, decimals by their most precise value, and numbers written with exponents', () => {
    expect(inferColumnType([1, null, -7])).toEqual({ ok: true, type: 'integer' });
    expect(inferColumnType([1, 3_000_000_000])).toEqual({ ok: true, type: 'bigint' });
    expect(inferColumnType([1, 2.5, 0.125])).toEqual({ ok: true, type: 'decimal(18,3)' });
    expect(inferColumnType([1e-7])).toEqual({ ok: true, type: 'double precision' });
  });

  it('types ISO dates as date, any timestamp among them as timestamp, other text as varchar(65535)', () => {
    expect(inferColumnType(['2026-01-05', '2026-12-31'])).toEqual({ ok: true, type: 'date' });
    expect(inferColumnType(['2026-01-05', '2026-01-05T10:00:00Z'])).toEqual({ ok: true, type: 'timestamp' });
    expect(inferColumnType(['2026-01-05', 'soon'])).toEqual({ ok: true, type: 'varchar(65535)' });
    expect(inferColumnType([true, false])).toEqual({ ok: true, type: 'boolean' });
  });

  it('refuses a column that is null everywhere or mixes kinds of values', () => {
    expect(inferColumnType([null, null])).toEqual({ ok: false, problem: 'is null in every row' });
    expect(inferColumnType([1, 'a', true])).toEqual({ ok: false, problem: 'mixes numbers and text and true/false' });
  });
});

describe('typedLiteral', () => {
  it('casts every value, quoting text', () => {
    expect(typedLiteral("O'Brien", 'varchar', 'duckdb')).toBe("cast('O''Brien' as varchar)");
    expect(typedLiteral(12.5, 'decimal(18,2)', 'duckdb')).toBe('cast(12.5 as decimal(18,2))');
    expect(typedLiteral(false, 'boolean', 'duckdb')).toBe('cast(false as boolean)');
    expect(typedLiteral(null, 'date', 'duckdb')).toBe('cast(null as date)');
  });

  it('quotes text for the target: Redshift reads a backslash in a literal as an escape, so it is doubled there', () => {
    expect(typedLiteral('a\\', 'varchar', 'redshift')).toBe("cast('a\\\\' as varchar)");
    expect(typedLiteral('a\\', 'varchar', 'postgres')).toBe("cast('a\\' as varchar)");
  });

  it('writes ISO timestamps in UTC without the T and the zone, as every engine casts them', () => {
    expect(typedLiteral('2026-01-05T10:00:00.250Z', 'timestamp', 'duckdb')).toBe("cast('2026-01-05 10:00:00.250' as timestamp)");
    expect(typedLiteral('2026-01-05T10:00+00:00', 'TIMESTAMP', 'duckdb')).toBe("cast('2026-01-05 10:00' as TIMESTAMP)");
    expect(typedLiteral('2026-01-05T10:00:00Z', 'varchar', 'duckdb')).toBe("cast('2026-01-05T10:00:00Z' as varchar)");
  });
});

describe('sizedTextType', () => {
  it("sizes a length-less text type, which Redshift would cut at 256 bytes", () => {
    expect(sizedTextType('varchar')).toBe('varchar(65535)');
    expect(sizedTextType(' TEXT ')).toBe('varchar(65535)');
  });

  it('keeps every other type as declared', () => {
    expect(sizedTextType('varchar(12)')).toBe('varchar(12)');
    expect(sizedTextType('decimal(18,2)')).toBe('decimal(18,2)');
  });
});
