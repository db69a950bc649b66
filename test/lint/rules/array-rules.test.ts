import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

const RULE = 'redshift/no-arrays';
const message = (construct: string): string => `${construct} is not supported by Redshift, which has no PostgreSQL arrays; keep repeated values as rows`;

describe('redshift/no-arrays', () => {
  it('reports ARRAY[…] constructors', () => {
    expect(ruleLines("select array['call', 'email'] as channels", RULE)).toEqual([line(1, RULE, message('ARRAY[…]'))]);
  });

  it('reports ARRAY_AGG and UNNEST', () => {
    const sql = ['select account_id, array_agg(contact_id) as contact_ids', 'from staging.stg_crm_contacts', 'group by account_id', 'union all', 'select 1, unnest(ids) from t'].join('\n');
    expect(ruleLines(sql, RULE)).toEqual([line(1, RULE, message('ARRAY_AGG(…)')), line(5, RULE, message('UNNEST(…)'))]);
  });

  it('reports subscripts', () => {
    expect(ruleLines('select\n    tags[1] as first_tag\nfrom t', RULE)).toEqual([line(2, RULE, message('tags[…]'))]);
  });

  it('reports array cast targets, whose [] the parse tree drops', () => {
    expect(ruleLines("select cast(ids as integer[]) as ids from t", RULE)).toEqual([line(1, RULE, message('integer[]'))]);
  });

  it('accepts one row per element', () => {
    expect(lintLines('select account_id, contact_id from staging.stg_crm_contacts')).toEqual([]);
  });
});
