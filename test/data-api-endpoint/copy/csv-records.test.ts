import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../../lib/data-api-endpoint/copy/csv-records.ts';

const records = (text: string) => [...csvRecords(text, ',', '"')];

describe('csvRecords', () => {
  it('reads RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes', () => {
    const [header, first, second] = records('id,note\r\n1,"a, ""b""\nc"\n2,\n');
    expect(header?.fields.map((field) => field.text)).toEqual(['id', 'note']);
    expect(first).toEqual({
      fields: [
        { text: '1', quoted: false },
        { text: 'a, "b"\nc', quoted: true },
      ],
      lineNumber: 2,
      rawLine: '1,"a, ""b""\nc"',
    });
    expect(second).toMatchObject({ fields: [{ text: '2' }, { text: '', quoted: false }], lineNumber: 4 });
  });

  it('does not start a record after the final line terminator, but reads a last line without one', () => {
    expect(records('a\n')).toHaveLength(1);
    expect(records('a\nb')).toHaveLength(2);
    expect(records('')).toHaveLength(0);
  });

  it('marks text after a closing quote and an unterminated quote as malformed', () => {
    expect(records('"ab"c,d\n')[0]?.malformed).toContain('text after a closing quote');
    expect(records('x,"open\n')[0]?.malformed).toContain('unterminated quoted field');
  });
});
