import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

const UPSERT = ['insert into analytics.fact_deals (deal_id, amount)', 'values (1, 10)', 'on conflict (deal_id) do nothing', 'returning deal_id'].join('\n');

describe('redshift/no-on-conflict', () => {
  it('reports ON CONFLICT, besides the statement itself', () => {
    expect(ruleLines(UPSERT, 'redshift/no-on-conflict')).toEqual([
      line(3, 'redshift/no-on-conflict', 'ON CONFLICT is not supported by Redshift; an incremental model declares unique_key and the runner replaces those rows'),
    ]);
    expect(ruleLines(UPSERT, 'portable/single-select')).toHaveLength(1);
  });
});

describe('redshift/no-returning', () => {
  it('reports RETURNING', () => {
    expect(ruleLines(UPSERT, 'redshift/no-returning')).toEqual([
      line(4, 'redshift/no-returning', 'RETURNING is not supported by Redshift; query the table after writing it'),
    ]);
  });
});

describe('write statements', () => {
  it('accept nothing but a SELECT, which the runner materializes and merges on unique_key', () => {
    expect(lintLines('select deal_id, amount from staging.stg_crm_deals')).toEqual([]);
  });
});
