/**
 * The one statement that writes the verdicts of tests counted together (lib/pipeline/batched-verdicts.ts).
 * What it records is compared with the tests run alone on the local Data API endpoint in
 * quality-checks-endpoint.test.ts; here, its shape and its refusal of a test it cannot count.
 */
import { describe, expect, it } from 'vitest';
import type { PlanTest } from '../../lib/plan/plan.ts';
import { batchedVerdictInsert } from '../../lib/pipeline/batched-verdicts.ts';
import { modelId, planTest } from '../runner/plan-builder.ts';

const RUN = { runId: 'run-1', checkedAt: new Date('2026-11-24T03:00:00Z') };
const FROM = '"analytics"."fact_deals__wap"';

function aggregated(name: string, expression: string, extra: Partial<PlanTest> = {}): PlanTest {
  return {
    ...planTest(name, { attachedTo: modelId('fact_deals'), sql: `select * from ${FROM} where false`, column: 'deal_id' }),
    failureAggregate: { from: FROM, expression, kind: 'count' },
    ...extra,
  };
}

describe('batchedVerdictInsert', () => {
  const notNull = aggregated('not_null_deal_id', 'count(case when deal_id is null then 1 end)');
  const limited = aggregated('positive_amount', 'count(case when not (amount > 0) then 1 end)', { limit: 2, severity: 'warn' });
  const unique = aggregated('unique_deal_id', 'count(deal_id) - count(distinct deal_id)');
  const screen: PlanTest = { ...unique, failureAggregate: { from: FROM, expression: 'count(deal_id) - count(distinct deal_id)', kind: 'screen' } };

  it('counts every test in one scan and picks each row by the test index, a value shared by all tests written once', () => {
    const sql = batchedVerdictInsert(RUN, { from: FROM, tests: [notNull, limited, screen] });

    expect(sql).toMatch(/^insert into audit\.check_results\n/);
    expect(sql.match(/from "analytics"\."fact_deals__wap"/g)).toHaveLength(1);
    expect(sql).toContain('cross join (select 0 as test_index union all select 1 as test_index union all select 2 as test_index) tests');
    expect(sql).toContain("case tests.test_index when 0 then 'test.crm.not_null_deal_id' when 1 then 'test.crm.positive_amount' when 2 then 'test.crm.unique_deal_id' end");
    // The same run, model and column for all three: written once.
    expect(sql).toContain("select 'run-1',");
    expect(sql).toContain("\n       'model.crm.fact_deals',\n       'deal_id',\n");
    // The limit caps the count; a screen counts no failure, and writes its row only where it found none.
    expect(sql).toContain('when 1 then case when counted.failures_1 > 2 then 2 else counted.failures_1 end when 2 then 0 end');
    expect(sql).toMatch(/\nwhere \(tests\.test_index <> 2 or counted\.failures_2 = 0\)$/);
  });

  it('has no where clause when no test only screens', () => {
    expect(batchedVerdictInsert(RUN, { from: FROM, tests: [notNull, limited] })).not.toContain('\nwhere ');
  });

  it('refuses a test without a failure aggregate, naming it', () => {
    const { failureAggregate: _aggregate, ...singular } = notNull;
    expect(() => batchedVerdictInsert(RUN, { from: FROM, tests: [limited, { ...singular, name: 'no_huge_deals' }] })).toThrow(
      "test 'no_huge_deals' has no failure aggregate, so it cannot be counted with others",
    );
  });
});
