import type { TargetColumn } from './target-columns.ts';

/**
 * Why a COPY rejected a row, in SYS_LOAD_ERROR_DETAIL's terms. Codes follow Redshift's load error
 * reference where a local check corresponds to one (1202 extra columns, 1204 length, 1205 date,
 * 1206 timestamp, 1207 digits, 1213 NOT NULL, 1214 delimiter not found, 1220 UTF-8); anything else
 * is 1216 (invalid input line) with Postgres' own message.
 */
export interface LoadRejection {
  readonly errorCode: number;
  readonly errorMessage: string;
  readonly column?: TargetColumn;
  readonly rawFieldValue?: string;
  /** Position of the offending character in the field, 0 when not applicable. */
  readonly position: number;
}

export const INVALID_INPUT_LINE = 1216;

export function delimiterNotFound(): LoadRejection {
  return { errorCode: 1214, errorMessage: 'Delimiter not found', position: 0 };
}

export function extraColumns(): LoadRejection {
  return { errorCode: 1202, errorMessage: 'Extra column(s) found', position: 0 };
}

export function malformedLine(message: string): LoadRejection {
  return { errorCode: INVALID_INPUT_LINE, errorMessage: message, position: 0 };
}

export function invalidUtf8(column: TargetColumn, raw: string): LoadRejection {
  return {
    errorCode: 1220,
    errorMessage: 'String contains invalid or unsupported UTF8 codepoints',
    column,
    rawFieldValue: raw,
    position: Math.max(raw.indexOf('\uFFFD'), 0),
  };
}

export function nulCharacter(column: TargetColumn, raw: string): LoadRejection {
  return {
    errorCode: 1220,
    errorMessage: 'String contains a NUL character (0x00)',
    column,
    rawFieldValue: raw,
    position: raw.indexOf('\0'),
  };
}

export function lengthExceeded(column: TargetColumn, raw: string): LoadRejection {
  return { errorCode: 1204, errorMessage: 'String length exceeds DDL length', column, rawFieldValue: raw, position: 0 };
}

export function missingNotNull(column: TargetColumn, raw: string): LoadRejection {
  return { errorCode: 1213, errorMessage: 'Missing data for not-null field', column, rawFieldValue: raw, position: 0 };
}

/** Redshift's names for numeric types in "Invalid digit" messages. */
const DIGIT_TYPE_NAMES: Readonly<Record<string, string>> = {
  int2: 'Short',
  int4: 'Integer',
  int8: 'Long',
  float4: 'Float',
  float8: 'Double',
  numeric: 'Decimal',
};

/** A value Postgres' input function refused (`pg_input_error_info`), in Redshift's terms. */
export function invalidValue(column: TargetColumn, raw: string, postgresMessage: string, sqlState: string): LoadRejection {
  const base = { column, rawFieldValue: raw };
  const digitType = DIGIT_TYPE_NAMES[column.typeName];
  if (digitType !== undefined) {
    if (sqlState === '22003') {
      return { ...base, errorCode: 1207, errorMessage: `Overflow for ${digitType}: ${postgresMessage}`, position: 0 };
    }
    const position = firstNonNumeric(raw);
    const character = raw.charAt(position);
    return {
      ...base,
      errorCode: 1207,
      errorMessage: `Invalid digit, Value '${character}', Pos ${position}, Type: ${digitType}`,
      position,
    };
  }
  if (column.typeName === 'date') {
    return { ...base, errorCode: 1205, errorMessage: `Invalid Date Format: ${postgresMessage}`, position: 0 };
  }
  if (column.typeName === 'timestamp' || column.typeName === 'timestamptz') {
    return {
      ...base,
      errorCode: 1206,
      errorMessage: `Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS]: ${postgresMessage}`,
      position: 0,
    };
  }
  return { ...base, errorCode: INVALID_INPUT_LINE, errorMessage: postgresMessage, position: 0 };
}

function firstNonNumeric(raw: string): number {
  const index = [...raw].findIndex((character, position) => !/[0-9.eE]/.test(character) && !(position === 0 && /[+-]/.test(character)));
  return index === -1 ? 0 : index;
}
