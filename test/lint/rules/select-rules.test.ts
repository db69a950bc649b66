import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

describe('redshift/no-distinct-on', () => {
  it('reports DISTINCT ON, which the Redshift grammar parses but Redshift rejects', () => {
    const sql = ['select', '    distinct on (deal_id) deal_id, stage', 'from staging.stg_crm_deal_stage_changes', 'order by deal_id, changed_at desc'].join('\n');
    expect(ruleLines(sql, 'redshift/no-distinct-on')).toEqual([
      line(2, 'redshift/no-distinct-on', 'DISTINCT ON is not supported by Redshift; keep ROW_NUMBER() OVER (PARTITION BY … ORDER BY …) = 1 from a CTE'),
    ]);
  });

  it('accepts ROW_NUMBER() in a CTE, and plain DISTINCT', () => {
    const sql = [
      'with ranked as (',
      '    select deal_id, stage, row_number() over (partition by deal_id order by changed_at desc) as stage_rank',
      '    from staging.stg_crm_deal_stage_changes',
      ')',
      'select distinct deal_id, stage from ranked where stage_rank = 1',
    ].join('\n');
    expect(lintLines(sql)).toEqual([]);
  });
});

describe('portable/no-qualify', () => {
  it('reports QUALIFY, which Redshift accepts and PostgreSQL does not', () => {
    const sql = ['select deal_id, stage', 'from staging.stg_crm_deal_stage_changes changes', 'qualify row_number() over (partition by deal_id order by changed_at desc) = 1'].join('\n');
    expect(ruleLines(sql, 'portable/no-qualify')).toEqual([
      line(3, 'portable/no-qualify', 'QUALIFY is not supported by PostgreSQL, which the project must also run on; filter the window function in an outer query'),
    ]);
  });
});

describe('portable/no-select-into', () => {
  it('reports SELECT … INTO', () => {
    expect(ruleLines('select deal_id\ninto deals_copy\nfrom analytics.fact_deals', 'portable/no-select-into')).toEqual([
      line(2, 'portable/no-select-into', 'SELECT … INTO creates a table, but a model returns rows that the runner materializes; remove the INTO'),
    ]);
  });

  it('accepts the plain SELECT', () => {
    expect(lintLines('select deal_id\nfrom analytics.fact_deals')).toEqual([]);
  });
});

describe('portable/single-select', () => {
  it('reports a statement that is not a SELECT', () => {
    expect(ruleLines('delete from analytics.fact_deals where amount < 0', 'portable/single-select')).toEqual([
      line(1, 'portable/single-select', 'DELETE is not a SELECT; a model or test is one SELECT statement, and the runner writes every table itself'),
    ]);
  });

  it('reports a second statement at the separator', () => {
    expect(ruleLines('select 1 as a;\nselect 2 as b', 'portable/single-select')).toEqual([
      line(1, 'portable/single-select', '2 statements where a model or test is exactly one SELECT; split them or join them into one query'),
    ]);
  });

  it('accepts one SELECT, including a UNION of SELECTs', () => {
    expect(lintLines('select 1 as a\nunion all\nselect 2 as a')).toEqual([]);
  });
});
