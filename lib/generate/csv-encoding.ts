/**
 * RFC 4180 records: a field is quoted only when it holds a comma, a quote or a line break, and
 * quotes inside are doubled. The empty string is the empty field, which the contract reads as NULL.
 * Records end with LF, which every CSV reader we target (DuckDB, Redshift COPY) accepts.
 */
const QUOTE = /"/g;
const COMMA = 44;
const DOUBLE_QUOTE = 34;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

export function encodeCsvField(value: string): string {
  return needsQuotes(value) ? `"${value.replace(QUOTE, '""')}"` : value;
}

function needsQuotes(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code === COMMA || code === DOUBLE_QUOTE || code === LINE_FEED || code === CARRIAGE_RETURN) return true;
  }
  return false;
}

/**
 * Encodes a record. Scanning every field is the largest cost of writing a landing, so a caller
 * that knows which columns can hold delimiters passes `quotable` (true per such column); the
 * other fields are taken as they are. Without it every field is checked.
 */
export class CsvRecordEncoder {
  private readonly scratch: string[] = [];

  constructor(private readonly quotable?: readonly boolean[]) {}

  /** The record without its line break, for writers that add the break themselves. */
  encodeLine(fields: readonly string[]): string {
    let quoting = false;
    for (let index = 0; index < fields.length && !quoting; index += 1) {
      if (this.quotable === undefined || this.quotable[index] === true) quoting = needsQuotes(fields[index] as string);
    }
    // Most records need no quotes at all: join them as they are, without a copy.
    if (!quoting) return fields.join(',');
    const scratch = this.scratch;
    if (scratch.length !== fields.length) scratch.length = fields.length;
    for (let index = 0; index < fields.length; index += 1) {
      const field = fields[index] as string;
      scratch[index] = this.quotable === undefined || this.quotable[index] === true ? encodeCsvField(field) : field;
    }
    return scratch.join(',');
  }

  encode(fields: readonly string[]): string {
    return `${this.encodeLine(fields)}\n`;
  }
}

export function encodeCsvRecord(fields: readonly string[]): string {
  return new CsvRecordEncoder().encode(fields);
}
