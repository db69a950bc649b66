/**
 * How a landing-contract column type (sources.yml `data_type`, in DuckDB's spelling) is stored
 * and parsed on Postgres. The raw loader COPYs every field as text and then casts it in SQL;
 * `valid` decides which texts load and which become audit.load_errors rows.
 *
 * DuckDB's CSV reader is the reference, so both loaders keep and reject the same values.
 * Postgres's own input functions (`pg_input_is_valid`) are used, with a gate where they are
 * more lenient than DuckDB and a fallback where they are stricter:
 * - boolean: only true/false/t/f/1/0/yes/no/y/n in any case, without spaces (Postgres also
 *   takes on/off, prefixes such as `tr`, and surrounding spaces).
 * - integers: DuckDB also takes a decimal or exponent and rounds it (`1.5` → 2, `1e3`), so
 *   those go through numeric and round(), within the type's range.
 * - decimal/numeric: not NaN or Infinity, which Postgres's numeric accepts. A bare `decimal` is
 *   DuckDB's DECIMAL(18,3).
 * - date: a year-month-day form (`-` or `/`, an optional time after it), or infinity/epoch;
 *   Postgres would also take `20261124`, `today` and month names.
 * - timestamp: ISO 8601 (`T` or a space, optional seconds and fraction, optional `Z`, `UTC` or
 *   numeric offset, which landing-file-copy.ts has already turned into UTC, as the DuckDB loader
 *   does), or infinity/epoch; Postgres would
 *   also take `yesterday`, a lower-case `t`/`z` and second 60. Fraction digits beyond six are
 *   cut, as DuckDB cuts them (Postgres would round).
 * - varchar, whatever its declared length (DuckDB ignores lengths): every text loads.
 * - any other type: what Postgres's input function for it accepts.
 */
import { sqlString } from '../../sql/literals.ts';

export interface ContractType {
  /** The column type of the raw table. */
  readonly postgresType: string;
  /** The type as DuckDB names it in its reject reasons, e.g. `DECIMAL(18,2)`. */
  readonly displayName: string;
  /** A SQL condition: the (non-null) text expression loads as this type. Undefined: every text loads. */
  valid(text: string): string | undefined;
  /** The SQL expression turning a valid text into the typed value. */
  cast(text: string): string;
}

const INTEGER_RANGES: Record<string, { readonly type: string; readonly min: string; readonly max: string }> = {
  smallint: { type: 'smallint', min: '-32768', max: '32767' },
  int2: { type: 'smallint', min: '-32768', max: '32767' },
  integer: { type: 'integer', min: '-2147483648', max: '2147483647' },
  int: { type: 'integer', min: '-2147483648', max: '2147483647' },
  int4: { type: 'integer', min: '-2147483648', max: '2147483647' },
  bigint: { type: 'bigint', min: '-9223372036854775808', max: '9223372036854775807' },
  int8: { type: 'bigint', min: '-9223372036854775808', max: '9223372036854775807' },
};

const SPECIAL_DATE = `~* '^\\s*(-?infinity|epoch)\\s*$'`;
const DATE_FORM = `~ '^\\s*[0-9]+[-/][0-9]{1,2}[-/][0-9]{1,2}([T ].*)?$'`;
const TIMESTAMP_FORM =
  `~ '^\\s*[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}([T ][0-9]{1,2}:[0-9]{2}(:[0-5][0-9](\\.[0-9]+)?)?)?\\s*(Z|UTC|[+-][0-9]{2}(:?[0-9]{2})?)?\\s*$'`;

// Every value is checked, so the common, contract-shaped ones are recognised by a LIKE
// (a few times faster than the regular expressions above on PGlite) and only the others pay
// for the full form; pg_input_is_valid still checks every value's fields.
function shapedLike(text: string, shape: string, form: string): string {
  return `(${shape} or ${text} ${form} or ${text} ${SPECIAL_DATE})`;
}

function inputIsValid(text: string, type: string): string {
  return `pg_input_is_valid(${text}, ${sqlString(type)})`;
}

export function contractType(dataType: string): ContractType {
  const written = dataType.trim().toLowerCase().replace(/\s+/g, ' ');
  const displayName = dataType.trim().toUpperCase();
  const plain = (postgresType: string): ContractType => ({
    postgresType,
    displayName,
    valid: () => undefined,
    cast: (text) => text,
  });

  if (/^(varchar|text|string|char|bpchar|character varying)( ?\( ?\d+ ?\))?$/.test(written)) return plain('varchar');

  if (written === 'boolean' || written === 'bool') {
    return {
      postgresType: 'boolean',
      displayName,
      valid: (text) => `lower(${text}) in ('true', 'false', 't', 'f', '1', '0', 'yes', 'no', 'y', 'n')`,
      cast: (text) => `cast(${text} as boolean)`,
    };
  }

  const integer = INTEGER_RANGES[written];
  if (integer) {
    const rounded = (text: string): string => `round(cast(${text} as numeric))`;
    return {
      postgresType: integer.type,
      displayName,
      valid: (text) =>
        `(${inputIsValid(text, integer.type)} or case when ${inputIsValid(text, 'numeric')}` +
        ` then ${rounded(text)} between ${integer.min} and ${integer.max} else false end)`,
      cast: (text) =>
        `case when ${inputIsValid(text, integer.type)} then cast(${text} as ${integer.type})` +
        ` else cast(${rounded(text)} as ${integer.type}) end`,
    };
  }

  const decimal = /^(decimal|numeric)( ?\( ?(\d+) ?(?:, ?(\d+) ?)?\))?$/.exec(written);
  if (decimal) {
    const postgresType = decimal[2] === undefined ? 'numeric(18,3)' : `numeric(${decimal[3]},${decimal[4] ?? '0'})`;
    return {
      postgresType,
      displayName,
      // NaN, inf and Infinity are the only texts Postgres's numeric accepts that hold an n.
      valid: (text) => `(strpos(lower(${text}), 'n') = 0 and ${inputIsValid(text, postgresType)})`,
      cast: (text) => `cast(${text} as ${postgresType})`,
    };
  }

  if (written === 'date') {
    return {
      postgresType: 'date',
      displayName,
      valid: (text) => `(${shapedLike(text, `${text} like '____-__-__'`, DATE_FORM)} and ${inputIsValid(text, 'date')})`,
      cast: (text) => `cast(${text} as date)`,
    };
  }

  const timestamp = /^(timestamp|datetime|timestamp without time zone)$/.test(written)
    ? 'timestamp'
    : /^(timestamptz|timestamp with time zone)$/.test(written)
      ? 'timestamptz'
      : undefined;
  if (timestamp) {
    const truncated = (text: string): string =>
      `case when strpos(${text}, '.') = 0 then ${text} else regexp_replace(${text}, '(\\.[0-9]{6})[0-9]+', '\\1') end`;
    return {
      postgresType: timestamp,
      displayName,
      // Second 60 and up pass pg_input_is_valid (it rolls them over), so the LIKE shape checks the tens digit.
      valid: (text) => {
        const shape = `(${text} like '____-__-__T__:__:__Z' and substr(${text}, 18, 1) < '6')`;
        return `(${shapedLike(text, shape, TIMESTAMP_FORM)} and ${inputIsValid(truncated(text), timestamp)})`;
      },
      cast: (text) => `cast(${truncated(text)} as ${timestamp})`,
    };
  }

  const postgresType = { double: 'double precision', float8: 'double precision', float: 'real', float4: 'real' }[written] ?? written;
  return {
    postgresType,
    displayName,
    valid: (text) => inputIsValid(text, postgresType),
    cast: (text) => `cast(${text} as ${postgresType})`,
  };
}
