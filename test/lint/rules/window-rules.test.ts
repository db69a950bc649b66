import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

describe('redshift/window-frame-required', () => {
  it('reports an aggregate window with ORDER BY and no frame, and only that one', () => {
    const sql = [
      'select',
      '    deal_id,',
      '    row_number() over (partition by owner_id order by created_at) as deal_number,',
      '    sum(amount) over (partition by owner_id) as owner_total,',
      '    sum(amount) over (',
      '        partition by owner_id',
      '        order by created_at',
      '    ) as running_total',
      'from analytics.fact_deals',
    ].join('\n');
    expect(ruleLines(sql, 'redshift/window-frame-required')).toEqual([
      line(
        5,
        'redshift/window-frame-required',
        'SUM(…) OVER (… ORDER BY …) has no frame clause, which Redshift requires; add ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (or the frame you mean)',
      ),
    ]);
  });

  it('reports FIRST_VALUE, whose Redshift page requires the frame too', () => {
    expect(ruleLines('select first_value(stage) over (partition by deal_id order by changed_at) as first_stage from t', 'redshift/window-frame-required')).toHaveLength(1);
  });

  it('accepts the explicit ROWS frame', () => {
    const sql = 'select sum(amount) over (partition by owner_id order by created_at rows between unbounded preceding and current row) as running_total from analytics.fact_deals';
    expect(lintLines(sql)).toEqual([]);
  });
});

describe('redshift/rows-frame-only', () => {
  it('reports a RANGE frame from tokens, since neither grammar parses one', () => {
    const sql = 'select\n    sum(amount) over (order by created_at range between unbounded preceding and current row) as running_total\nfrom t';
    expect(ruleLines(sql, 'redshift/rows-frame-only')).toEqual([
      line(2, 'redshift/rows-frame-only', 'RANGE frames are not supported by Redshift, which has ROWS frames only; write ROWS BETWEEN …'),
    ]);
  });

  it('ignores a column named range', () => {
    expect(ruleLines('select sum(amount) over (partition by range order by created_at rows unbounded preceding) as total from t', 'redshift/rows-frame-only')).toEqual([]);
  });
});
