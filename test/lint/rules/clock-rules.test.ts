import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

const RULE = 'portable/no-clock';
const message = (construct: string): string =>
  `${construct} reads the clock, so a rerun of the same day gives a different result; use the run date, '{{ var("run_date") }}'`;

describe('portable/no-clock', () => {
  it('reports the clock keywords and functions of every engine', () => {
    const sql = ['select', '    current_date as today,', '    now() as at_now,', '    getdate() as at_getdate,', '    sysdate as at_sysdate,', '    current_timestamp as at_current', 'from t'].join('\n');
    expect(ruleLines(sql, RULE)).toEqual([
      line(2, RULE, message('CURRENT_DATE')),
      line(3, RULE, message('NOW()')),
      line(4, RULE, message('GETDATE()')),
      line(5, RULE, message('SYSDATE')),
      line(6, RULE, message('CURRENT_TIMESTAMP')),
    ]);
  });

  it('accepts the run date var as compiled, and a quoted column that happens to be called sysdate', () => {
    expect(lintLines(`select cast('2026-11-24' as date) as run_date, t."sysdate" from t`)).toEqual([]);
  });
});
