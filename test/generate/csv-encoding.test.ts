import { describe, expect, it } from 'vitest';
import { CsvRecordEncoder, encodeCsvField, encodeCsvRecord } from '../../lib/generate/csv-encoding.ts';
import { readCsvRecords } from './read-csv-records.ts';

describe('encodeCsvField (RFC 4180)', () => {
  it('leaves plain values and the empty (NULL) field as they are', () => {
    expect(encodeCsvField('ACC-000001')).toBe('ACC-000001');
    expect(encodeCsvField('Montréal')).toBe('Montréal');
    expect(encodeCsvField('')).toBe('');
  });

  it('quotes a comma, doubles an inner quote and keeps line breaks inside quotes', () => {
    expect(encodeCsvField('Harbor Point Outfitters, LLC')).toBe('"Harbor Point Outfitters, LLC"');
    expect(encodeCsvField('The "Blue" Company')).toBe('"The ""Blue"" Company"');
    expect(encodeCsvField('line one\nline two')).toBe('"line one\nline two"');
    expect(encodeCsvField('carriage\rreturn')).toBe('"carriage\rreturn"');
  });
});

describe('encodeCsvRecord', () => {
  it('writes a record that a strict reader splits back into the same fields', () => {
    const fields = ['ACT-000001', 'Follow-up call re: "pricing", next steps', 'Call summary:\nprocurement', '', '12,5O'];
    const text = encodeCsvRecord(fields);
    expect(text.endsWith('\n')).toBe(true);
    expect(readCsvRecords(text)).toEqual([fields]);
  });

  it('scans only the columns marked quotable when given a mask', () => {
    const encoder = new CsvRecordEncoder([false, true]);
    expect(encoder.encode(['a', 'b,c'])).toBe('a,"b,c"\n');
    // The mask is a promise from the caller: an unmarked column is not scanned.
    expect(encoder.encode(['x,y', 'z'])).toBe('x,y,z\n');
  });

  it('encodes a record shorter than the mask (a row missing a field)', () => {
    expect(new CsvRecordEncoder([false, false, true]).encode(['a', 'b'])).toBe('a,b\n');
  });
});
