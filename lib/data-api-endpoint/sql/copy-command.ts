import { RedshiftSqlError } from './redshift-sql-error.ts';
import { readRelationName, type RelationName } from './relation-name.ts';
import { identifierValue, isWord, stringValue, type Token } from './sql-tokens.ts';
import { isPunctuation, matchingParenthesis, nextSignificant, splitAtTopLevelCommas } from './token-navigation.ts';

/** A Redshift `COPY … FROM 's3://…'` of CSV files, as far as the local endpoint emulates it. */
export interface CopyCommand {
  readonly table: RelationName;
  /** The listed target columns; absent means every column of the table, in order. */
  readonly columns?: readonly string[];
  /** The source as written, `s3://bucket/prefix`. */
  readonly source: string;
  readonly bucket: string;
  /** Every object whose key starts with this prefix is loaded (S3 prefix semantics). */
  readonly prefix: string;
  readonly delimiter: string;
  readonly quote: string;
  readonly ignoreHeader: number;
  readonly gzip: boolean;
  readonly emptyAsNull: boolean;
  readonly blanksAsNull: boolean;
  /** Replacement for invalid UTF-8 (ACCEPTINVCHARS); absent means such rows are rejected. */
  readonly invalidCharReplacement?: string;
  readonly truncateColumns: boolean;
  readonly fillRecord: boolean;
  /** Text loaded as NULL (NULL AS '…'). */
  readonly nullAs?: string;
  /** Rejected rows tolerated before the COPY fails (MAXERROR, default 0). */
  readonly maxError: number;
}

/** Redshift's ceiling for MAXERROR. */
const MAX_ERROR_LIMIT = 100_000;
const AUTO_FORMATS = {
  dateformat: ['auto', 'yyyy-mm-dd'],
  timeformat: ['auto', 'yyyy-mm-dd hh:mi:ss', 'yyyy-mm-ddthh:mi:ss'],
} as const;

/** True when the statement is a COPY this module handles (Postgres' own COPY is left alone). */
export function isRedshiftCopy(tokens: readonly Token[]): boolean {
  const first = nextSignificant(tokens, 0);
  if (!isWord(tokens[first], 'copy')) return false;
  return tokens.some((token) => token.kind === 'string' && /^'s3:\/\//i.test(token.text));
}

export function parseCopyCommand(tokens: readonly Token[]): CopyCommand {
  const reader = new CopyReader(tokens);
  reader.expectWord('copy');
  const table = readRelationName(tokens, nextSignificant(tokens, reader.position));
  reader.position = table.end;
  const columns = reader.peekPunctuation('(') ? reader.readColumnList() : undefined;
  reader.expectWord('from');
  const source = reader.readString('the source after FROM');
  const location = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(source);
  if (location === null) throw new RedshiftSqlError(`COPY source must be s3://bucket/prefix, found '${source}'`);
  const options = readOptions(reader);
  if (!options.csv) {
    throw new RedshiftSqlError('only FORMAT CSV is emulated by the local Data API endpoint for COPY');
  }
  return {
    table: table.name,
    ...(columns === undefined ? {} : { columns }),
    source,
    bucket: location[1] as string,
    prefix: location[2] as string,
    ...options.values,
  };
}

interface ParsedOptions {
  csv: boolean;
  values: Omit<CopyCommand, 'table' | 'columns' | 'source' | 'bucket' | 'prefix'>;
}

function readOptions(reader: CopyReader): ParsedOptions {
  let csv = false;
  const values: {
    -readonly [K in keyof ParsedOptions['values']]: ParsedOptions['values'][K];
  } = {
    delimiter: ',',
    quote: '"',
    ignoreHeader: 0,
    gzip: false,
    emptyAsNull: false,
    blanksAsNull: false,
    truncateColumns: false,
    fillRecord: false,
    maxError: 0,
  };
  while (!reader.atEnd()) {
    const option = reader.readWord().toLowerCase();
    switch (option) {
      case 'iam_role':
        if (reader.peekWord('default')) reader.readWord();
        else reader.readString('the IAM_ROLE ARN');
        break;
      case 'credentials':
      case 'access_key_id':
      case 'secret_access_key':
      case 'session_token':
      case 'region':
        reader.skipWord('as');
        reader.readString(option.toUpperCase());
        break;
      case 'format': {
        reader.skipWord('as');
        const format = reader.readWord().toLowerCase();
        if (format !== 'csv') throw unsupported(`FORMAT ${format.toUpperCase()}`);
        csv = true;
        values.quote = readQuoteOption(reader) ?? values.quote;
        break;
      }
      case 'csv':
        csv = true;
        values.quote = readQuoteOption(reader) ?? values.quote;
        break;
      case 'delimiter':
        reader.skipWord('as');
        values.delimiter = singleCharacter(reader.readString('DELIMITER'), 'DELIMITER');
        break;
      case 'ignoreheader':
        reader.skipWord('as');
        values.ignoreHeader = reader.readInteger('IGNOREHEADER');
        break;
      case 'gzip':
        values.gzip = true;
        break;
      case 'dateformat':
      case 'timeformat': {
        reader.skipWord('as');
        const format = reader.readString(option.toUpperCase());
        if (!(AUTO_FORMATS[option] as readonly string[]).includes(format.toLowerCase())) {
          throw unsupported(`${option.toUpperCase()} '${format}'`);
        }
        break;
      }
      case 'emptyasnull':
        values.emptyAsNull = true;
        break;
      case 'blanksasnull':
        values.blanksAsNull = true;
        break;
      case 'acceptinvchars':
        reader.skipWord('as');
        values.invalidCharReplacement = reader.peekString()
          ? singleCharacter(reader.readString('ACCEPTINVCHARS'), 'ACCEPTINVCHARS')
          : '?';
        break;
      case 'truncatecolumns':
        values.truncateColumns = true;
        break;
      case 'fillrecord':
        values.fillRecord = true;
        break;
      case 'null':
        reader.skipWord('as');
        values.nullAs = reader.readString('NULL AS');
        break;
      case 'maxerror': {
        reader.skipWord('as');
        values.maxError = Math.min(reader.readInteger('MAXERROR'), MAX_ERROR_LIMIT);
        break;
      }
      case 'compupdate':
      case 'statupdate':
        if (reader.peekWord('on', 'off', 'true', 'false', 'preset')) reader.readWord();
        break;
      case 'encoding':
        reader.skipWord('as');
        if (!/^utf-?8$/i.test(reader.readWord())) throw unsupported('ENCODING other than UTF8');
        break;
      default:
        throw unsupported(option.toUpperCase());
    }
  }
  return { csv, values };
}

function readQuoteOption(reader: CopyReader): string | undefined {
  if (!reader.peekWord('quote')) return undefined;
  reader.readWord();
  reader.skipWord('as');
  return singleCharacter(reader.readString('QUOTE'), 'QUOTE');
}

function singleCharacter(value: string, option: string): string {
  if ([...value].length !== 1) throw new RedshiftSqlError(`COPY ${option} must be a single character`);
  return value;
}

function unsupported(option: string): RedshiftSqlError {
  return new RedshiftSqlError(`COPY option ${option} is not emulated by the local Data API endpoint`);
}

/** Walks the significant tokens of a COPY statement. */
class CopyReader {
  position: number;

  constructor(private readonly tokens: readonly Token[]) {
    this.position = nextSignificant(tokens, 0);
  }

  atEnd(): boolean {
    return nextSignificant(this.tokens, this.position) >= this.tokens.length;
  }

  private current(): Token | undefined {
    this.position = nextSignificant(this.tokens, this.position);
    return this.tokens[this.position];
  }

  peekWord(...words: string[]): boolean {
    return isWord(this.current(), ...words);
  }

  peekString(): boolean {
    return this.current()?.kind === 'string';
  }

  peekPunctuation(text: string): boolean {
    return isPunctuation(this.current(), text);
  }

  readWord(): string {
    const token = this.current();
    if (!isWord(token)) throw new RedshiftSqlError(`syntax error in COPY at or near "${token?.text ?? 'end of input'}"`);
    this.position += 1;
    return (token as Token).text;
  }

  expectWord(word: string): void {
    if (this.readWord().toLowerCase() !== word) {
      throw new RedshiftSqlError(`syntax error in COPY: expected ${word.toUpperCase()}`);
    }
  }

  skipWord(word: string): void {
    if (this.peekWord(word)) this.position += 1;
  }

  readString(what: string): string {
    const token = this.current();
    if (token?.kind !== 'string') throw new RedshiftSqlError(`syntax error in COPY: expected a quoted ${what}`);
    this.position += 1;
    return stringValue(token);
  }

  readInteger(what: string): number {
    const token = this.current();
    if (token?.kind !== 'number' || !/^\d+$/.test(token.text)) {
      throw new RedshiftSqlError(`syntax error in COPY: ${what} needs a whole number`);
    }
    this.position += 1;
    return Number(token.text);
  }

  readColumnList(): string[] {
    const open = this.position;
    const close = matchingParenthesis(this.tokens, open);
    const names = splitAtTopLevelCommas(this.tokens.slice(open + 1, close)).map((part) => {
      const name = part[nextSignificant(part, 0)];
      if (name === undefined) throw new RedshiftSqlError('syntax error in COPY column list');
      return identifierValue(name);
    });
    this.position = close + 1;
    return names;
  }
}
