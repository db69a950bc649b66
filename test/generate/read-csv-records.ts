/**
 * A strict RFC 4180 reader for checking generated files in tests: quoted fields may hold
 * commas, doubled quotes and line breaks; anything else malformed throws.
 */
export function readCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let index = 0;
  let atFieldStart = true;
  while (index < text.length) {
    const char = text[index] as string;
    if (atFieldStart && char === '"') {
      index += 1;
      for (;;) {
        const quoteAt = text.indexOf('"', index);
        if (quoteAt < 0) throw new Error(`unterminated quoted field at offset ${index}`);
        field += text.slice(index, quoteAt);
        if (text[quoteAt + 1] === '"') {
          field += '"';
          index = quoteAt + 2;
          continue;
        }
        index = quoteAt + 1;
        break;
      }
      const next = text[index];
      if (next !== ',' && next !== '\n' && next !== undefined) throw new Error(`text after a closing quote at offset ${index}`);
      atFieldStart = false;
      continue;
    }
    if (char === ',') {
      record.push(field);
      field = '';
      atFieldStart = true;
    } else if (char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      atFieldStart = true;
    } else if (char === '"') {
      throw new Error(`quote inside an unquoted field at offset ${index}`);
    } else {
      field += char;
      atFieldStart = false;
    }
    index += 1;
  }
  if (!atFieldStart || field !== '' || record.length > 0) throw new Error('the last record does not end with a line break');
  return records;
}
