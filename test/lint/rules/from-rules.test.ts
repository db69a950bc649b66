import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

describe('redshift/no-lateral', () => {
  it('reports LATERAL subqueries', () => {
    const sql = ['select deals.deal_id, latest.changed_at', 'from analytics.fact_deals deals,', '    lateral (select max(changed_at) as changed_at from staging.stg_crm_deal_stage_changes changes where changes.deal_id = deals.deal_id) latest'].join('\n');
    expect(ruleLines(sql, 'redshift/no-lateral')).toEqual([
      line(3, 'redshift/no-lateral', 'LATERAL is not supported by Redshift; aggregate the inner query per key in a CTE and join it'),
    ]);
  });

  it('accepts a pre-aggregated CTE joined by key', () => {
    const sql = [
      'with latest as (select deal_id, max(changed_at) as changed_at from staging.stg_crm_deal_stage_changes group by deal_id)',
      'select deals.deal_id, latest.changed_at',
      'from analytics.fact_deals deals',
      'left join latest on latest.deal_id = deals.deal_id',
    ].join('\n');
    expect(lintLines(sql)).toEqual([]);
  });
});

describe('redshift/no-values-list', () => {
  it('reports VALUES used as a table', () => {
    expect(ruleLines("select * from (\n    values (1, 'low'), (2, 'high')\n) as priorities(rank, name)", 'redshift/no-values-list')).toEqual([
      line(2, 'redshift/no-values-list', 'VALUES lists are not supported by Redshift as tables; write SELECT … UNION ALL SELECT …'),
    ]);
  });

  it('accepts SELECT … UNION ALL SELECT …', () => {
    expect(lintLines("select 1 as priority_rank, 'low' as priority_name\nunion all\nselect 2, 'high'")).toEqual([]);
  });
});

describe('redshift/no-table-function', () => {
  it('reports a function used as a table', () => {
    expect(ruleLines('select * from json_populate_recordset(null, payload) as rows', 'redshift/no-table-function')).toEqual([
      line(1, 'redshift/no-table-function', 'JSON_POPULATE_RECORDSET(…) in FROM: table functions are not supported by Redshift; select from a table or a CTE'),
    ]);
  });

  it('accepts a function in the select list', () => {
    expect(lintLines('select lower(email) as email from staging.stg_crm_contacts')).toEqual([]);
  });
});
