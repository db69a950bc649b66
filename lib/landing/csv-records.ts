/**
 * Splits landing CSV text into records the way DuckDB's reader does (the DuckDB loader is the
 * reference: both loaders must keep and reject the same rows). Postgres's COPY cannot do this
 * itself: one record with a wrong number of fields or a stray quote fails the whole COPY. So
 * records are split and checked here, and only well-formed ones go on to COPY.
 *
 * The dialect, as DuckDB reads the contract's RFC 4180 files:
 * - Records end at LF or CRLF. A quote opens a quoted field only at the start of a field; inside
 *   an unquoted field it is an ordinary character. `""` inside quotes is one quote.
 * - A closing quote must be followed by a comma or the end of the record; anything else makes
 *   the record an UNQUOTED VALUE error that runs to the end of its line.
 * - A quote never closed makes the rest of the file one rejected record.
 * - An empty line is no record, but it counts as a line: `line` is DuckDB's line number, the
 *   record's ordinal with the header as 1, so a value spanning lines does not move later ones.
 * - A byte order mark at the start of the file is dropped.
 *
 * The reader is incremental: text arrives in chunks of any size, and a record spanning chunks
 * is never rescanned from its start. The text of an unfinished record is carried into the next
 * chunk, so callers feed large chunks (megabytes): a quote never closed early in a big file
 * then costs a few copies of the file, not one per small chunk.
 */

export interface CsvRecord {
  readonly line: number;
  /** The record as written, without its line break. */
  readonly raw: string;
  readonly fields: readonly string[];
  /** Set when the record is malformed; `fields` then holds what was read before the fault. */
  readonly error?: string;
}

export const UNQUOTED_VALUE = 'UNQUOTED VALUE: Value with unterminated quote found.';

const COMMA = 44;
const QUOTE = 34;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

type Mode = 'fieldStart' | 'unquoted' | 'quoted' | 'skipLine';

export class CsvRecordReader {
  private buffer = '';
  /** Where the current record starts in `buffer`, and where scanning resumes. */
  private recordStart = 0;
  private position = 0;
  private fieldStart = 0;
  private mode: Mode = 'fieldStart';
  private fields: string[] = [];
  private error: string | undefined;
  private nextLine = 1;
  private started = false;

  feed(text: string): CsvRecord[] {
    if (!this.started) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    this.buffer = this.buffer.slice(this.recordStart) + text;
    this.position -= this.recordStart;
    this.fieldStart -= this.recordStart;
    this.recordStart = 0;
    return this.scan(false);
  }

  /** The records left once all text has been fed. */
  end(): CsvRecord[] {
    return this.scan(true);
  }

  private scan(final: boolean): CsvRecord[] {
    const records: CsvRecord[] = [];
    const text = this.buffer;
    const length = text.length;
    while (this.position < length || (final && this.hasOpenRecord())) {
      if (this.position >= length) {
        // End of input inside a record: the record ends here.
        if (this.mode === 'quoted') this.error = UNQUOTED_VALUE;
        if (this.mode === 'fieldStart') this.fieldStart = this.position;
        if (this.mode === 'fieldStart' || this.mode === 'unquoted') this.pushField(this.position, false);
        records.push(this.finishRecord(length, 0));
        break;
      }
      const code = text.charCodeAt(this.position);
      if (this.mode === 'fieldStart') {
        if (this.fields.length === 0 && this.position === this.recordStart) {
          const breakLength = this.lineBreakAt(this.position, final);
          if (breakLength === undefined) break;
          if (breakLength > 0) {
            // An empty line: no record, but DuckDB counts its line.
            this.nextLine += 1;
            this.position += breakLength;
            this.recordStart = this.position;
            this.fieldStart = this.position;
            continue;
          }
        }
        this.fieldStart = this.position;
        if (code === QUOTE) {
          this.mode = 'quoted';
          this.position += 1;
        } else {
          this.mode = 'unquoted';
        }
        continue;
      }
      if (this.mode === 'unquoted') {
        const stop = this.findUnquotedStop(this.position);
        if (stop === -1) {
          this.position = length;
          continue;
        }
        if (text.charCodeAt(stop) === COMMA) {
          this.pushField(stop, false);
          this.position = stop + 1;
          this.mode = 'fieldStart';
          continue;
        }
        const breakLength = this.lineBreakAt(stop, final);
        if (breakLength === undefined) {
          this.position = stop;
          break;
        }
        if (breakLength === 0) {
          // A carriage return not followed by a line feed is part of the value.
          this.position = stop + 1;
          continue;
        }
        this.pushField(stop, false);
        records.push(this.finishRecord(stop, breakLength));
        continue;
      }
      if (this.mode === 'quoted') {
        const quote = text.indexOf('"', this.position);
        if (quote === -1) {
          this.position = length;
          continue;
        }
        if (quote + 1 >= length && !final) {
          this.position = quote;
          break;
        }
        const next = quote + 1 < length ? text.charCodeAt(quote + 1) : -1;
        if (next === QUOTE) {
          this.position = quote + 2;
          continue;
        }
        if (next === COMMA) {
          this.pushField(quote, true);
          this.position = quote + 2;
          this.mode = 'fieldStart';
          continue;
        }
        if (next === -1) {
          this.pushField(quote, true);
          records.push(this.finishRecord(quote + 1, 0));
          continue;
        }
        const breakLength = this.lineBreakAt(quote + 1, final);
        if (breakLength === undefined) {
          this.position = quote;
          break;
        }
        if (breakLength > 0) {
          this.pushField(quote, true);
          records.push(this.finishRecord(quote + 1, breakLength));
          continue;
        }
        this.error = UNQUOTED_VALUE;
        this.mode = 'skipLine';
        this.position = quote + 1;
        continue;
      }
      // skipLine: the record is already rejected; it ends at the next line break.
      const lineFeed = text.indexOf('\n', this.position);
      if (lineFeed === -1) {
        this.position = length;
        continue;
      }
      const end = lineFeed > this.recordStart && text.charCodeAt(lineFeed - 1) === CARRIAGE_RETURN ? lineFeed - 1 : lineFeed;
      records.push(this.finishRecord(end, lineFeed + 1 - end));
    }
    return records;
  }

  private hasOpenRecord(): boolean {
    return this.position > this.recordStart || this.fields.length > 0 || this.mode !== 'fieldStart';
  }

  /** Length of the line break at `index` (1 or 2), 0 if none, undefined if the text ends too early to tell. */
  private lineBreakAt(index: number, final: boolean): number | undefined {
    const code = this.buffer.charCodeAt(index);
    if (code === LINE_FEED) return 1;
    if (code !== CARRIAGE_RETURN) return 0;
    if (index + 1 >= this.buffer.length) return final ? 1 : undefined;
    return this.buffer.charCodeAt(index + 1) === LINE_FEED ? 2 : 0;
  }

  private findUnquotedStop(from: number): number {
    const text = this.buffer;
    for (let index = from; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (code === COMMA || code === LINE_FEED || code === CARRIAGE_RETURN) return index;
    }
    return -1;
  }

  private pushField(end: number, quoted: boolean): void {
    const value = quoted
      ? this.buffer.slice(this.fieldStart + 1, end).replaceAll('""', '"')
      : this.buffer.slice(this.fieldStart, end);
    this.fields.push(value);
  }

  private finishRecord(end: number, breakLength: number): CsvRecord {
    const record: CsvRecord = {
      line: this.nextLine,
      raw: this.buffer.slice(this.recordStart, end),
      fields: this.fields,
      ...(this.error === undefined ? {} : { error: this.error }),
    };
    this.nextLine += 1;
    this.position = end + breakLength;
    this.recordStart = this.position;
    this.fieldStart = this.position;
    this.mode = 'fieldStart';
    this.fields = [];
    this.error = undefined;
    return record;
  }
}
