/**
 * The project's own unit tests (unit_tests: in sql/**\/schema.yml) pass on DuckDB, and cover the rules
 * the specification names: seniority from job titles, stage movement and days in stage, SLA, order
 * amounts, and the overdue flag against a fixed run date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { checkUnitTest } from '../../lib/runner/unit-test-runner.ts';
import { PROJECT_ROOT } from './warehouse-build.ts';

let plan: Plan;
let engine: DuckDbEngine;

beforeAll(async () => {
  plan = compileProject(await loadProject(PROJECT_ROOT), { target: 'duckdb' });
  engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
});

afterAll(async () => {
  await engine?.close();
});

describe('the project unit tests', () => {
  it('cover the rules the specification asks unit tests for', () => {
    const tested = (plan.unitTests ?? []).map((test) => test.model);
    for (const model of ['dim_contacts', 'fact_deal_stage_history', 'fact_tickets', 'stg_crm_orders', 'fact_orders', 'stg_crm_deals', 'fact_deals']) {
      expect(tested, model).toContain(`model.crm.${model}`);
    }
  });

  it('all pass', async () => {
    const outcomes: string[] = [];
    for (const test of plan.unitTests ?? []) {
      const check = await checkUnitTest(engine, test);
      outcomes.push(`${test.name}: ${check.status}${check.message === undefined ? '' : `\n${check.message}`}`);
    }
    expect(outcomes).toEqual((plan.unitTests ?? []).map((test) => `${test.name}: pass`));
  });

  it('fail when an expected value is wrong', async () => {
    for (const test of plan.unitTests ?? []) {
      const [first, ...rest] = test.expected.rows;
      const column = test.expected.columns.find((name) => typeof first?.[name] === 'number' || typeof first?.[name] === 'string');
      if (first === undefined || column === undefined) continue;
      const value = first[column];
      const wrong = { ...first, [column]: typeof value === 'number' ? value + 1 : `${String(value)}x` };
      const check = await checkUnitTest(engine, { ...test, expected: { ...test.expected, rows: [wrong, ...rest] } });
      expect(check.status, test.name).toBe('fail');
    }
  });
});
