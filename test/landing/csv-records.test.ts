import { describe, expect, it } from 'vitest';
import { CsvRecordReader, UNQUOTED_VALUE } from '../../lib/landing/csv-records.ts';
import type { CsvRecord } from '../../lib/landing/csv-records.ts';

/** Feeds `text` in pieces of `size` characters (every size gives the same records). */
function read(text: string, size = text.length): CsvRecord[] {
  const reader = new CsvRecordReader();
  const records: CsvRecord[] = [];
  for (let start = 0; start < text.length; start += size) records.push(...reader.feed(text.slice(start, start + size)));
  records.push(...reader.end());
  return records;
}

function summary(records: readonly CsvRecord[]) {
  return records.map((record) => ({ line: record.line, fields: record.fields, ...(record.error ? { error: record.error } : {}) }));
}

describe('CsvRecordReader', () => {
  it('splits fields and records at commas and LF or CRLF line breaks', () => {
    expect(summary(read('id,a\n1,x\r\n2,y'))).toEqual([
      { line: 1, fields: ['id', 'a'] },
      { line: 2, fields: ['1', 'x'] },
      { line: 3, fields: ['2', 'y'] },
    ]);
  });

  it('reads RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes', () => {
    const records = read('"a,b","say ""hi""","two\nlines"\n');
    expect(records).toEqual([
      { line: 1, raw: '"a,b","say ""hi""","two\nlines"', fields: ['a,b', 'say "hi"', 'two\nlines'] },
    ]);
  });

  it('numbers records as DuckDB does: the header is line 1, empty lines count, a value spanning lines does not', () => {
    expect(read('h\n\n"multi\nline"\nlast\n').map((record) => [record.line, record.raw])).toEqual([
      [1, 'h'],
      [3, '"multi\nline"'],
      [4, 'last'],
    ]);
  });

  it('keeps a quote inside an unquoted field as an ordinary character', () => {
    expect(read('ab"c,d\n')[0]?.fields).toEqual(['ab"c', 'd']);
  });

  it('reads a trailing comma as one more, empty, field', () => {
    expect(read('a,b,\n')[0]?.fields).toEqual(['a', 'b', '']);
  });

  it('keeps a carriage return that is not part of a line break', () => {
    expect(read('a\rb,c\n')[0]?.fields).toEqual(['a\rb', 'c']);
  });

  it('rejects text after a closing quote, up to the end of that line only', () => {
    expect(summary(read('1,"x"y,z\n2,ok\n'))).toEqual([
      { line: 1, fields: ['1'], error: UNQUOTED_VALUE },
      { line: 2, fields: ['2', 'ok'] },
    ]);
    expect(read('1,"x"y,z\r\n')[0]?.raw).toBe('1,"x"y,z');
    expect(read('1,"x"y')[0]).toMatchObject({ raw: '1,"x"y', error: UNQUOTED_VALUE });
  });

  it('makes the rest of the file one rejected record when a quote is never closed', () => {
    const records = read('1,ok\n2,"open\n3,more\n');
    expect(records[1]).toMatchObject({ line: 2, raw: '2,"open\n3,more\n', error: UNQUOTED_VALUE });
    expect(records).toHaveLength(2);
  });

  it('drops a byte order mark at the start of the file only', () => {
    expect(read('\uFEFFid\n\uFEFFx\n').map((record) => record.fields)).toEqual([['id'], ['\uFEFFx']]);
  });

  it('reads a last record without a line break, and nothing after a final one', () => {
    expect(read('a\nb').map((record) => record.raw)).toEqual(['a', 'b']);
    expect(read('a\nb\n').map((record) => record.raw)).toEqual(['a', 'b']);
    expect(read('')).toEqual([]);
    expect(read('a,')[0]?.fields).toEqual(['a', '']);
  });

  it('gives the same records whatever the chunk size', () => {
    const text = 'id,a,b\r\n1,"x,""y""\r\nz",3\r\n\r\n2,"q"w,e\r\n3,ab"c,\r\n4,"end"\r\n5,"open\r\n';
    const whole = read(text);
    for (const size of [1, 2, 3, 5, 7]) expect(read(text, size)).toEqual(whole);
    expect(summary(whole)).toEqual([
      { line: 1, fields: ['id', 'a', 'b'] },
      { line: 2, fields: ['1', 'x,"y"\r\nz', '3'] },
      { line: 4, fields: ['2'], error: UNQUOTED_VALUE },
      { line: 5, fields: ['3', 'ab"c', ''] },
      { line: 6, fields: ['4', 'end'] },
      { line: 7, fields: ['5'], error: UNQUOTED_VALUE },
    ]);
  });
});
