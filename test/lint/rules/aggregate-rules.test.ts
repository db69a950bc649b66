import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

describe('redshift/no-filter-clause', () => {
  it('reports FILTER (WHERE …), which the Redshift grammar parses but Redshift rejects', () => {
    const sql = ['select', '    owner_id,', "    count(*) filter (where stage = 'closed_won') as won_deals", 'from analytics.fact_deals', 'group by owner_id'].join('\n');
    expect(ruleLines(sql, 'redshift/no-filter-clause')).toEqual([
      line(3, 'redshift/no-filter-clause', 'FILTER (WHERE …) is not supported by Redshift; use CASE inside the aggregate'),
    ]);
  });

  it('reports each FILTER of several aggregates on its own line', () => {
    const sql = ['select', '    count(*) filter (where is_won) as won,', '    sum(amount) filter (where is_lost) as lost_amount', 'from analytics.fact_deals'].join('\n');
    expect(ruleLines(sql, 'redshift/no-filter-clause').map((text) => text.split(':')[1])).toEqual(['2', '3']);
  });

  it('accepts CASE inside the aggregate', () => {
    expect(lintLines("select owner_id, sum(case when stage = 'closed_won' then 1 else 0 end) as won_deals from analytics.fact_deals group by owner_id")).toEqual([]);
  });
});

describe('redshift/no-string-agg', () => {
  it('reports STRING_AGG, found through the PostgreSQL grammar where the Redshift grammar crashes on it', () => {
    expect(ruleLines("select account_id, string_agg(email, ', ') as emails from staging.stg_crm_contacts group by account_id", 'redshift/no-string-agg')).toEqual([
      line(
        1,
        'redshift/no-string-agg',
        'STRING_AGG(…) is not supported by Redshift, and its LISTAGG(…) WITHIN GROUP is not supported by PostgreSQL; no string aggregate is portable, so keep delimited lists out of the model',
      ),
    ]);
  });

  it('accepts counting instead of listing', () => {
    expect(lintLines('select account_id, count(distinct email) as email_count from staging.stg_crm_contacts group by account_id')).toEqual([]);
  });
});

describe('redshift/unsupported-aggregate', () => {
  it('reports EVERY with BOOL_AND as the replacement', () => {
    expect(ruleLines('select owner_id, every(is_closed) as all_closed from analytics.fact_deals group by owner_id', 'redshift/unsupported-aggregate')).toEqual([
      line(1, 'redshift/unsupported-aggregate', 'EVERY(…) is not supported by Redshift; use BOOL_AND(…)'),
    ]);
  });

  it('reports the statistical aggregates', () => {
    expect(ruleLines('select corr(amount, probability) as r from analytics.fact_deals', 'redshift/unsupported-aggregate')).toEqual([
      line(1, 'redshift/unsupported-aggregate', 'CORR(…) is not supported by Redshift; compute it from SUM, AVG and COUNT'),
    ]);
  });

  it('accepts BOOL_AND and BOOL_OR, which Redshift has', () => {
    expect(lintLines('select owner_id, bool_and(is_closed) as all_closed, bool_or(is_won) as any_won from analytics.fact_deals group by owner_id')).toEqual([]);
  });
});

describe('portable/avg-of-doubles-only', () => {
  const rule = 'portable/avg-of-doubles-only';

  it('reports AVG of a column, of a decimal cast and of a CASE, each on its line', () => {
    const sql = [
      'select',
      '    avg(age_days) as a,',
      '    avg(cast(amount as decimal(18,2))) as b,',
      '    avg(case when is_won then sales_cycle_days end) as c',
      'from analytics.fact_deals',
    ].join('\n');
    const found = ruleLines(sql, rule);
    expect(found.map((text) => text.split(':')[1])).toEqual(['2', '3', '4']);
    expect(found[0]).toBe(
      line(
        2,
        rule,
        "AVG(…) of an integer or decimal differs by engine (Redshift: BIGINT truncated for integers, the argument's scale for decimals; DuckDB: a double; Postgres: an exact numeric); average doubles, avg(cast(x as double precision)), and cast the result to the decimal you publish",
      ),
    );
  });

  it('reports the window form too', () => {
    const sql = 'select avg(ticket_count) over (order by week_start_date rows between 3 preceding and current row) as trend from marts.weekly';
    expect(ruleLines(sql, rule)).toHaveLength(1);
  });

  it('reports a cast to an exact type wrapped around a double average only once, for the inner AVG', () => {
    expect(ruleLines('select cast(avg(cast(x as integer)) as double precision) as m from t', rule)).toHaveLength(1);
  });

  it('accepts AVG of a cast to double precision, float, float8 and real, plain and over a window', () => {
    const sql = [
      'select',
      '    cast(avg(cast(amount as double precision)) as decimal(18,6)) as a,',
      '    avg(cast(case when is_won then sales_cycle_days end as float)) as b,',
      '    avg(cast(age_days as float8)) as c,',
      '    avg(cast(age_days as real)) over (order by created_date rows between 3 preceding and current row) as d',
      'from analytics.fact_deals',
    ].join('\n');
    expect(lintLines(sql)).toEqual([]);
  });
});
