import { describe, expect, it } from 'vitest';
import { UnknownFieldError, columnNames, toRowValue, toRows } from '../../../lib/engines/redshift-data/result-values.ts';

describe('toRowValue', () => {
  it('turns SQL NULL into null whatever the column type', () => {
    expect(toRowValue({ isNull: true }, { typeName: 'int4' })).toBeNull();
    expect(toRowValue({ isNull: true }, { typeName: 'timestamp' })).toBeNull();
  });

  it('keeps booleans', () => {
    expect(toRowValue({ booleanValue: false }, { typeName: 'bool' })).toBe(false);
  });

  it('keeps integers and floats as numbers', () => {
    expect(toRowValue({ longValue: 42 }, { typeName: 'int8' })).toBe(42);
    expect(toRowValue({ doubleValue: 0.25 }, { typeName: 'float8' })).toBe(0.25);
  });

  it('turns numeric text into a number', () => {
    expect(toRowValue({ stringValue: '1234.50' }, { typeName: 'numeric' })).toBe(1234.5);
    expect(toRowValue({ stringValue: '-0.01' }, { typeName: 'decimal' })).toBe(-0.01);
  });

  it('keeps numeric text that is not a number (NaN) as text', () => {
    expect(toRowValue({ stringValue: 'NaN' }, { typeName: 'numeric' })).toBe('NaN');
  });

  it('keeps dates as YYYY-MM-DD', () => {
    expect(toRowValue({ stringValue: '2024-02-29' }, { typeName: 'date' })).toBe('2024-02-29');
  });

  it('turns timestamps into ISO 8601 UTC with milliseconds, as the DuckDB engine does', () => {
    expect(toRowValue({ stringValue: '2024-01-02 03:04:05' }, { typeName: 'timestamp' })).toBe('2024-01-02T03:04:05.000Z');
    expect(toRowValue({ stringValue: '2024-01-02 03:04:05.123456' }, { typeName: 'timestamp' })).toBe('2024-01-02T03:04:05.123Z');
    expect(toRowValue({ stringValue: '2024-01-02 03:04:05.5' }, { typeName: 'timestamp' })).toBe('2024-01-02T03:04:05.500Z');
  });

  it('turns timestamptz into the same instant in UTC', () => {
    expect(toRowValue({ stringValue: '2024-01-02 03:04:05+00' }, { typeName: 'timestamptz' })).toBe('2024-01-02T03:04:05.000Z');
    expect(toRowValue({ stringValue: '2024-01-02 03:04:05.25+05:30' }, { typeName: 'timestamptz' })).toBe('2024-01-01T21:34:05.250Z');
    expect(toRowValue({ stringValue: '2024-01-02 03:04:05-0800' }, { typeName: 'timestamptz' })).toBe('2024-01-02T11:04:05.000Z');
  });

  it('keeps timestamp text a JS date cannot hold', () => {
    expect(toRowValue({ stringValue: 'infinity' }, { typeName: 'timestamp' })).toBe('infinity');
    expect(toRowValue({ stringValue: '2024-13-45 99:00:00' }, { typeName: 'timestamp' })).toBe('2024-13-45 99:00:00');
  });

  it('keeps text types, time and super as text', () => {
    expect(toRowValue({ stringValue: 'Acme' }, { typeName: 'varchar' })).toBe('Acme');
    expect(toRowValue({ stringValue: 'x  ' }, { typeName: 'bpchar' })).toBe('x  ');
    expect(toRowValue({ stringValue: '13:45:00' }, { typeName: 'time' })).toBe('13:45:00');
    expect(toRowValue({ stringValue: '{"a":1}' }, { typeName: 'super' })).toBe('{"a":1}');
  });

  it('turns bytes into lower-case hex', () => {
    expect(toRowValue({ blobValue: new Uint8Array([0, 171, 255]) }, { typeName: 'varbyte' })).toBe('00abff');
  });

  it('refuses a field kind it does not know, naming the column', () => {
    expect(() => toRowValue({ $unknown: ['arrayValue', []] }, { name: 'tags', typeName: 'super' })).toThrow(UnknownFieldError);
    expect(() => toRowValue({ $unknown: ['arrayValue', []] }, { name: 'tags', typeName: 'super' })).toThrow(
      "column tags: the Data API sent a field of unknown kind 'arrayValue' that this engine cannot convert",
    );
  });
});

describe('toRows', () => {
  it('names values by column label, deduplicating repeats as DuckDB does', () => {
    expect(columnNames([{ name: 'a' }, { name: 'a' }, { label: 'b', name: 'ignored' }, { name: 'a' }])).toEqual(['a', 'a:1', 'b', 'a:2']);
  });

  it('builds one row per record', () => {
    const rows = toRows(
      [
        { name: 'id', typeName: 'int4' },
        { name: 'closed_on', typeName: 'date' },
        { name: 'won', typeName: 'bool' },
      ],
      [
        [{ longValue: 1 }, { stringValue: '2024-01-31' }, { booleanValue: true }],
        [{ longValue: 2 }, { isNull: true }, { isNull: true }],
      ],
    );
    expect(rows).toEqual([
      { id: 1, closed_on: '2024-01-31', won: true },
      { id: 2, closed_on: null, won: null },
    ]);
  });
});
