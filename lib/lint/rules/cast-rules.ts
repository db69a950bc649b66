/**
 * Casts, read from tokens (see cast-targets.ts): the `::` shorthand, object-identifier casts such
 * as `::regclass`, target types Redshift does not have ("Unsupported PostgreSQL data types"), and
 * string types whose length Redshift fills in differently (TEXT and a bare VARCHAR are VARCHAR(256)).
 */
import { castTargets, type CastTarget } from '../cast-targets.ts';
import { tokenPosition, type Detection, type LintRule } from '../lint-rule.ts';

export const noDoubleColonCast: LintRule = {
  id: 'portable/no-double-colon-cast',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_CAST_function.html',
  description: 'the PostgreSQL `::` cast shorthand; the project writes CAST(… AS type) everywhere',
  check: ({ tokens }) =>
    castTargets(tokens)
      .filter((target) => target.syntax === '::')
      .map((target) => {
        const construct = `::${typeText(target)}`;
        return {
          construct,
          message: `${construct} is PostgreSQL shorthand; write CAST(… AS ${typeText(target)}), the one cast form the project uses on every engine`,
          at: tokenPosition(target.operator),
        };
      }),
};

export const noRegCast: LintRule = {
  id: 'redshift/no-reg-cast',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-datatypes.html',
  description: 'casts to object identifier types (regclass, regtype, regproc, …), which Redshift does not have',
  check: ({ tokens }) =>
    castTargets(tokens)
      .filter((target) => !target.quoted && target.typeName.startsWith('REG'))
      .map((target) => {
        const construct = target.syntax === '::' ? `::${typeText(target)}` : `CAST(… AS ${typeText(target)})`;
        return {
          construct,
          message: `${construct} is not supported by Redshift (no object identifier types); name the relation directly`,
          at: tokenPosition(target.typeToken),
        };
      }),
};

interface TypeFamily {
  /** As the Redshift reference lists it under "Unsupported PostgreSQL data types". */
  readonly family: string;
  readonly advice?: string;
}

const UNSUPPORTED_TYPES = new Map<string, TypeFamily>([
  ...family(['BIT', 'BIT VARYING', 'VARBIT'], { family: 'bit string types' }),
  ...family(['BYTEA'], { family: 'binary strings' }),
  ...family(['JSON', 'JSONB'], { family: 'JSON', advice: 'Redshift keeps JSON in SUPER, which PostgreSQL lacks, so parse JSON before it reaches the models' }),
  ...family(['HSTORE'], { family: 'HSTORE' }),
  ...family(['INET', 'CIDR', 'MACADDR', 'MACADDR8'], { family: 'network address types' }),
  ...family(['SERIAL', 'SMALLSERIAL', 'BIGSERIAL', 'SERIAL2', 'SERIAL4', 'SERIAL8'], { family: 'serial types', advice: 'use INTEGER or BIGINT' }),
  ...family(['MONEY'], { family: 'MONEY', advice: 'use DECIMAL(18,2)' }),
  ...family(['OID', 'XID', 'CID', 'TID'], { family: 'object identifier types' }),
  ...family(['INT4RANGE', 'INT8RANGE', 'NUMRANGE', 'TSRANGE', 'TSTZRANGE', 'DATERANGE'], { family: 'range types' }),
  ...family(['TSVECTOR', 'TSQUERY'], { family: 'text search types' }),
  ...family(['TXID_SNAPSHOT', 'PG_SNAPSHOT'], { family: 'TXID_SNAPSHOT' }),
  ...family(['UUID'], { family: 'UUID', advice: 'use VARCHAR(36)' }),
  ...family(['XML'], { family: 'XML' }),
  ...family(['POINT', 'LINE', 'LSEG', 'BOX', 'PATH', 'POLYGON', 'CIRCLE'], { family: 'PostgreSQL geometric types' }),
  ...family(['NAME'], { family: 'special character types', advice: 'use VARCHAR(n)' }),
]);

/** `"char"` in quotes is PostgreSQL's one-byte internal type; bare CHAR is the ordinary CHAR(1). */
const QUOTED_CHAR: TypeFamily = { family: 'special character types', advice: 'use CHAR(1)' };

function family(names: readonly string[], typeFamily: TypeFamily): [string, TypeFamily][] {
  return names.map((name) => [name, typeFamily]);
}

export const unsupportedType: LintRule = {
  id: 'redshift/unsupported-type',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-datatypes.html',
  description: `cast targets Redshift does not support: ${[...UNSUPPORTED_TYPES.keys()].join(', ')}, "char"`,
  check: ({ tokens }) =>
    castTargets(tokens).flatMap((target): Detection[] => {
      const unsupported = target.quoted ? (target.typeName === 'CHAR' ? QUOTED_CHAR : undefined) : UNSUPPORTED_TYPES.get(target.typeName);
      if (unsupported === undefined) return [];
      const construct = target.quoted ? `"${target.typeName.toLowerCase()}"` : typeText(target);
      const advice = unsupported.advice === undefined ? '' : `; ${unsupported.advice}`;
      return [
        {
          construct,
          message: `the ${construct} type is not supported by Redshift (${unsupported.family})${advice}`,
          at: tokenPosition(target.typeToken),
        },
      ];
    }),
};

const UNBOUNDED_STRING_TYPES = new Set(['TEXT', 'BPCHAR', 'VARCHAR', 'CHARACTER VARYING', 'CHAR VARYING', 'NVARCHAR', 'NATIONAL CHARACTER VARYING', 'NATIONAL CHAR VARYING']);

export const stringLength: LintRule = {
  id: 'redshift/string-length',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html',
  description: 'casts to TEXT, BPCHAR or a VARCHAR without a length, which Redshift turns into (VAR)CHAR(256)',
  check: ({ tokens }) =>
    castTargets(tokens)
      .filter((target) => !target.quoted && !target.hasModifier && UNBOUNDED_STRING_TYPES.has(target.typeName))
      .map((target) => {
        const construct = typeText(target);
        const becomes = target.typeName === 'BPCHAR' ? 'CHAR(256)' : 'VARCHAR(256)';
        return {
          construct,
          message: `${construct} is ${becomes} in Redshift, which rejects longer values, but unbounded in PostgreSQL and DuckDB; cast to VARCHAR(n) with the length the column needs`,
          at: tokenPosition(target.typeToken),
        };
      }),
};

function typeText(target: CastTarget): string {
  return `${target.typeName.toLowerCase()}${target.isArray ? '[]' : ''}`;
}
