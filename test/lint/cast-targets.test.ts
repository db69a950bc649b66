import { describe, expect, it } from 'vitest';
import { castTargets } from '../../lib/lint/cast-targets.ts';
import { tokenizeSql } from '../../lib/lint/sql-tokens.ts';

const targets = (sql: string): string[] =>
  castTargets(tokenizeSql(sql)).map(
    (target) => `${target.syntax} ${target.quoted ? `"${target.typeName}"` : target.typeName}${target.hasModifier ? '(…)' : ''}${target.isArray ? '[]' : ''}`,
  );

describe('castTargets', () => {
  it('reads both cast syntaxes, multi-word types, modifiers and arrays', () => {
    expect(
      targets('select a::double precision, cast(b as character varying(20)), c::timestamp(3) with time zone, cast((d + 1) as int[]), e::pg_catalog.text, cast(f as "char")'),
    ).toEqual(['  :: DOUBLE PRECISION', 'CAST CHARACTER VARYING(…)', ':: TIMESTAMP WITH TIME ZONE(…)', 'CAST INT[]', ':: TEXT', 'CAST "CHAR"'].map((text) => text.trim()));
  });

  it('takes the AS that belongs to the CAST, not one inside its value', () => {
    expect(targets('select cast((select max(x) as m from t) as bigint)')).toEqual(['CAST BIGINT']);
  });
});
