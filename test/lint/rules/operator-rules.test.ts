import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

describe('redshift/no-is-distinct-from', () => {
  it('reports IS DISTINCT FROM and IS NOT DISTINCT FROM from tokens, since the grammars mangle or reject them', () => {
    const sql = ['select', '    stage is distinct from previous_stage as moved,', '    stage is not distinct from previous_stage as stayed', 'from t'].join('\n');
    expect(ruleLines(sql, 'redshift/no-is-distinct-from')).toEqual([
      line(2, 'redshift/no-is-distinct-from', 'IS DISTINCT FROM is not supported by Redshift; spell out the NULL cases: (a <> b or (a is null) <> (b is null))'),
      line(3, 'redshift/no-is-distinct-from', 'IS NOT DISTINCT FROM is not supported by Redshift; spell out the NULL cases: (a = b or (a is null and b is null))'),
    ]);
  });

  it('ignores the words inside comments and strings', () => {
    expect(ruleLines("-- stage is distinct from the previous one\nselect 'is distinct from' as label", 'redshift/no-is-distinct-from')).toEqual([]);
  });

  it('accepts the spelled-out comparison', () => {
    expect(lintLines('select (stage <> previous_stage or (stage is null) <> (previous_stage is null)) as moved from t')).toEqual([]);
  });
});

describe('redshift/no-row-constructor', () => {
  it('reports ROW(…)', () => {
    expect(ruleLines('select row(deal_id, stage) as deal_stage from t', 'redshift/no-row-constructor')).toEqual([
      line(1, 'redshift/no-row-constructor', 'ROW(…) row constructors are not supported by Redshift; compare the columns one by one'),
    ]);
  });

  it('accepts the columns one by one', () => {
    expect(lintLines('select deal_id, stage from t')).toEqual([]);
  });
});

describe('portable/no-integer-division', () => {
  const rule = 'portable/no-integer-division';

  it('reports divisions whose operands the SQL types as integers: literals, COUNT and integer casts', () => {
    const sql = [
      'select',
      '    count(*) / 2 as half,',
      '    7 / 2 as three,',
      '    cast(won as integer) / count(deal_id) as rate',
      'from analytics.fact_deals',
    ].join('\n');
    expect(ruleLines(sql, rule)).toEqual([
      line(2, rule, 'integer / integer truncates on Redshift and Postgres but is a double on DuckDB; use {{ safe_divide(…) }} or cast one side to double precision or decimal'),
      line(3, rule, 'integer / integer truncates on Redshift and Postgres but is a double on DuckDB; use {{ safe_divide(…) }} or cast one side to double precision or decimal'),
      line(4, rule, 'integer / integer truncates on Redshift and Postgres but is a double on DuckDB; use {{ safe_divide(…) }} or cast one side to double precision or decimal'),
    ]);
  });

  it('accepts a decimal literal, a cast to double precision or decimal, and columns of unknown type', () => {
    const sql = [
      'select',
      '    count(*) / 2.0 as a,',
      '    cast(count(*) as double precision) / nullif(cast(count(x) as double precision), 0) as b,',
      '    cast(won as decimal(18,2)) / 100 as c,',
      '    amount / quantity as d',
      'from analytics.fact_deals',
    ].join('\n');
    expect(ruleLines(sql, rule)).toEqual([]);
  });
});

describe('portable/no-backslash-in-string', () => {
  const rule = 'portable/no-backslash-in-string';

  it('reports a string literal holding a backslash, plain or E', () => {
    const sql = ['select', String.raw`    replace(path, '\', '/') as unix_path,`, String.raw`    E'a\tb' as tabbed`, 'from staging.files'].join('\n');
    expect(ruleLines(sql, rule)).toEqual([
      line(2, rule, String.raw`a backslash in '\' escapes the next character on Redshift but is itself on DuckDB and Postgres; use chr(92) where a backslash is meant`),
      line(3, rule, String.raw`a backslash in E'a\tb' escapes the next character on Redshift but is itself on DuckDB and Postgres; use chr(92) where a backslash is meant`),
    ]);
  });

  it('accepts literals without a backslash, and chr(92)', () => {
    expect(ruleLines("select replace(path, chr(92), '/') as unix_path, 'it''s' as quoted from staging.files", rule)).toEqual([]);
  });
});
