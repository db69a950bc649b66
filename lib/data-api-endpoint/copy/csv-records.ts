/** One field of a CSV record: its text with quotes removed, and whether it was quoted. */
export interface CsvField {
  readonly text: string;
  readonly quoted: boolean;
}

export interface CsvRecord {
  readonly fields: readonly CsvField[];
  /** 1-based line of the file where the record starts. */
  readonly lineNumber: number;
  /** The record as it appears in the file, without its line terminator. */
  readonly rawLine: string;
  /** Why the record breaks RFC 4180 quoting, when it does. */
  readonly malformed?: string;
}

const LINE_FEED = '\n';
const CARRIAGE_RETURN = '\r';

/**
 * RFC 4180 records of `text`: fields separated by `delimiter`, optionally enclosed in `quote`
 * (a doubled quote inside is one quote character, line breaks inside are data); records end at
 * LF or CRLF. A final line terminator does not start another record.
 */
export function* csvRecords(text: string, delimiter: string, quote: string): Generator<CsvRecord> {
  let position = 0;
  let line = 1;
  while (position < text.length) {
    const start = position;
    const startLine = line;
    const fields: CsvField[] = [];
    let malformed: string | undefined;
    let endOfRecord = false;
    while (!endOfRecord) {
      let value = '';
      let quoted = false;
      if (text[position] === quote) {
        quoted = true;
        position += 1;
        let closed = false;
        while (!closed) {
          const close = text.indexOf(quote, position);
          const chunk = text.slice(position, close === -1 ? text.length : close);
          value += chunk;
          line += countLineFeeds(chunk);
          if (close === -1) {
            position = text.length;
            malformed = 'Invalid quote formatting for CSV: unterminated quoted field';
            break;
          }
          if (text[close + 1] === quote) {
            value += quote;
            position = close + 2;
          } else {
            position = close + 1;
            closed = true;
          }
        }
      }
      let fieldEnd = position;
      while (fieldEnd < text.length) {
        const char = text[fieldEnd];
        if (char === delimiter || char === LINE_FEED || isCrLf(text, fieldEnd)) break;
        fieldEnd += 1;
      }
      if (quoted && fieldEnd > position) malformed ??= 'Invalid quote formatting for CSV: text after a closing quote';
      value += text.slice(position, fieldEnd);
      position = fieldEnd;
      fields.push({ text: value, quoted });
      if (text[position] === delimiter) {
        position += 1;
      } else {
        endOfRecord = true;
      }
    }
    const end = position;
    if (isCrLf(text, position)) position += 2;
    else if (text[position] === LINE_FEED) position += 1;
    if (position > end) line += 1;
    yield { fields, lineNumber: startLine, rawLine: text.slice(start, end), ...(malformed === undefined ? {} : { malformed }) };
  }
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let index = text.indexOf(LINE_FEED); index !== -1; index = text.indexOf(LINE_FEED, index + 1)) count += 1;
  return count;
}

function isCrLf(text: string, position: number): boolean {
  return text[position] === CARRIAGE_RETURN && text[position + 1] === LINE_FEED;
}
