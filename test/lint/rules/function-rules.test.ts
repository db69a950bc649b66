import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

describe('redshift/no-generate-series', () => {
  it('reports GENERATE_SERIES', () => {
    expect(ruleLines("select day\nfrom generate_series(date '2026-01-01', date '2026-12-31', interval '1 day') as days(day)", 'redshift/no-generate-series')).toEqual([
      line(2, 'redshift/no-generate-series', 'GENERATE_SERIES(…) is not supported by Redshift; cross-join a small CTE of digits instead'),
    ]);
  });

  it('accepts cross-joined digits', () => {
    const sql = [
      'with digits as (select 0 as digit union all select 1 union all select 2),',
      'numbers as (select tens.digit * 10 + ones.digit as day_offset from digits tens cross join digits ones)',
      'select day_offset from numbers',
    ].join('\n');
    expect(lintLines(sql)).toEqual([]);
  });
});

describe('redshift/unsupported-function', () => {
  it('reports PostgreSQL functions the Redshift reference lists as unsupported, naming their family', () => {
    const sql = ["select", "    regexp_matches(email, '@(.*)$') as domain,", '    width_bucket(amount, 0, 100000, 10) as amount_bucket', 'from t'].join('\n');
    expect(ruleLines(sql, 'redshift/unsupported-function')).toEqual([
      line(2, 'redshift/unsupported-function', 'REGEXP_MATCHES(…) is not supported by Redshift (PostgreSQL string functions)'),
      line(3, 'redshift/unsupported-function', 'WIDTH_BUCKET(…) is not supported by Redshift (PostgreSQL mathematical functions)'),
    ]);
  });

  it('accepts the functions all three engines share', () => {
    expect(lintLines("select regexp_replace(email, '^.*@', '') as domain, floor(amount / 10000) as amount_bucket from t")).toEqual([]);
  });
});
