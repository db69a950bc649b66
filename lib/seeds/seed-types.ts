/**
 * The column types of a seed (sql/seeds/*.csv): declared under `config: column_types:` in the
 * seed's properties, else inferred from the values, as dbt infers them: whole numbers are integer
 * (bigint past 32 bits), decimals decimal(p,s) wide enough for every value, true/false boolean,
 * YYYY-MM-DD date, ISO 8601 date-times timestamp, anything else text. An empty field is null and
 * says nothing about the type. Text columns are varchar(256), Redshift's default, unless a value is
 * longer (Redshift counts bytes): then varchar(65535), its largest.
 */

export type SeedTypeKind = 'integer' | 'bigint' | 'decimal' | 'double' | 'boolean' | 'date' | 'timestamp' | 'varchar';

export interface SeedType {
  readonly kind: SeedTypeKind;
  /** As written in DDL: `decimal(9,4)`, `varchar(256)`. */
  readonly sql: string;
  readonly precision?: number;
  readonly scale?: number;
}

export const DECLARABLE_SEED_TYPES = 'integer, bigint, decimal(p,s), double precision, boolean, date, timestamp, varchar(n), text';

const INT32 = 2 ** 31;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d*)\.(\d+)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]00(:?00)?)?$/;
const MAX_DECIMAL_PRECISION = 38;
const DEFAULT_VARCHAR = 256;
const MAX_VARCHAR = 65535;

/** The type a `column_types:` entry declares, or undefined when a seed cannot load it. */
export function declaredSeedType(text: string): SeedType | undefined {
  const type = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const decimal = /^(?:decimal|numeric) ?\( ?(\d+) ?, ?(\d+) ?\)$/.exec(type);
  if (decimal !== null) {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2]);
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) return undefined;
    return { kind: 'decimal', sql: `decimal(${precision},${scale})`, precision, scale };
  }
  const varchar = /^(?:varchar|character varying) ?\( ?(\d+) ?\)$/.exec(type);
  if (varchar !== null) {
    const length = Number(varchar[1]);
    return length >= 1 && length <= MAX_VARCHAR ? { kind: 'varchar', sql: `varchar(${length})`, precision: length } : undefined;
  }
  switch (type) {
    case 'int':
    case 'integer':
      return { kind: 'integer', sql: 'integer' };
    case 'bigint':
      return { kind: 'bigint', sql: 'bigint' };
    case 'double precision':
    case 'float8':
      return { kind: 'double', sql: 'double precision' };
    case 'boolean':
      return { kind: 'boolean', sql: 'boolean' };
    case 'date':
      return { kind: 'date', sql: 'date' };
    case 'timestamp':
      return { kind: 'timestamp', sql: 'timestamp' };
    case 'varchar':
    case 'text':
      return { kind: 'varchar', sql: `varchar(${MAX_VARCHAR})`, precision: MAX_VARCHAR };
    default:
      return undefined;
  }
}

/** Why `value` (never empty: empty is null) cannot be stored in a column of `type`; undefined when it can. */
export function seedValueProblem(type: SeedType, value: string): string | undefined {
  switch (type.kind) {
    case 'integer':
    case 'bigint': {
      if (!INTEGER.test(value)) return `'${value}' is not a whole number`;
      const limit = type.kind === 'integer' ? INT32 : 2 ** 63;
      const number = BigInt(value);
      return number >= -BigInt(limit) && number < BigInt(limit) ? undefined : `'${value}' does not fit ${type.sql}`;
    }
    case 'decimal': {
      const digits = decimalDigits(value);
      if (digits === undefined) return `'${value}' is not a decimal number`;
      const scale = type.scale ?? 0;
      if (digits.scale > scale) return `'${value}' has more than ${scale} decimal places (${type.sql})`;
      return digits.integer > (type.precision ?? 0) - scale ? `'${value}' does not fit ${type.sql}` : undefined;
    }
    case 'double':
      return Number.isFinite(Number(value)) && /\d/.test(value) ? undefined : `'${value}' is not a number`;
    case 'boolean':
      return /^(true|false)$/i.test(value) ? undefined : `'${value}' is not true or false`;
    case 'date':
      return DATE.test(value) && isCalendarDay(value) ? undefined : `'${value}' is not a date written YYYY-MM-DD`;
    case 'timestamp':
      return TIMESTAMP.test(value) && isCalendarDay(value.slice(0, 10)) ? undefined : `'${value}' is not an ISO 8601 timestamp in UTC`;
    case 'varchar':
      return Buffer.byteLength(value, 'utf8') > (type.precision ?? MAX_VARCHAR) ? `'${value.slice(0, 40)}…' is longer than ${type.sql} (bytes)` : undefined;
  }
}

/** The narrowest type every non-empty value fits, as dbt's seed inference picks it. */
export function inferredSeedType(values: readonly string[]): SeedType {
  if (values.length === 0) return { kind: 'varchar', sql: `varchar(${DEFAULT_VARCHAR})`, precision: DEFAULT_VARCHAR };
  if (values.every((value) => INTEGER.test(value))) {
    return values.every((value) => seedValueProblem({ kind: 'integer', sql: 'integer' }, value) === undefined) ? { kind: 'integer', sql: 'integer' } : { kind: 'bigint', sql: 'bigint' };
  }
  const digits = values.map(decimalDigits);
  if (digits.every((each) => each !== undefined)) {
    const scale = Math.max(...digits.map((each) => each.scale));
    const precision = Math.max(...digits.map((each) => each.integer)) + scale;
    if (precision <= MAX_DECIMAL_PRECISION) return { kind: 'decimal', sql: `decimal(${precision},${scale})`, precision, scale };
  }
  if (values.every((value) => /^(true|false)$/i.test(value))) return { kind: 'boolean', sql: 'boolean' };
  if (values.every((value) => DATE.test(value) && isCalendarDay(value))) return { kind: 'date', sql: 'date' };
  if (values.every((value) => seedValueProblem({ kind: 'timestamp', sql: 'timestamp' }, value) === undefined)) return { kind: 'timestamp', sql: 'timestamp' };
  const longest = Math.max(...values.map((value) => Buffer.byteLength(value, 'utf8')));
  const length = longest > DEFAULT_VARCHAR ? MAX_VARCHAR : DEFAULT_VARCHAR;
  return { kind: 'varchar', sql: `varchar(${length})`, precision: length };
}

/** Digits before and after the point of a plain decimal number (whole numbers too); undefined for anything else. */
function decimalDigits(value: string): { integer: number; scale: number } | undefined {
  if (INTEGER.test(value)) return { integer: value.replace(/^[+-]?0*/, '').length || 1, scale: 0 };
  const match = DECIMAL.exec(value);
  if (match === null) return undefined;
  return { integer: (match[1] ?? '').replace(/^0+/, '').length || 1, scale: (match[2] ?? '').length };
}

function isCalendarDay(text: string): boolean {
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}
