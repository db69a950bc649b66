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
