/**
 * The hand-checked unit tests of the cohort, retention, feature and label marts (sql/marts/_cohorts.yml,
 * sql/marts/_scoring.yml) pass on DuckDB, and fail when an expected value is changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Plan, PlanUnitTest } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { checkUnitTest } from '../../lib/runner/unit-test-runner.ts';
import { PROJECT_ROOT } from '../models/warehouse-build.ts';

const MODELS = ['mart_customer_cohorts', 'mart_revenue_retention_ttm', 'mart_account_features', 'mart_account_labels'];

let plan: Plan;
let engine: DuckDbEngine;
let tests: PlanUnitTest[];

beforeAll(async () => {
  plan = compileProject(await loadProject(PROJECT_ROOT), { target: 'duckdb' });
  engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
  tests = (plan.unitTests ?? []).filter((test) => MODELS.some((model) => test.model === `model.crm.${model}`));
});

afterAll(async () => {
  await engine?.close();
});

describe('cohort, retention, feature and label unit tests', () => {
  it('exist for every one of these models', () => {
    const tested = new Set(tests.map((test) => test.model));
    expect([...tested].sort()).toEqual(MODELS.map((model) => `model.crm.${model}`).sort());
  });

  it('all pass', async () => {
    const outcomes: string[] = [];
    for (const test of tests) {
      const check = await checkUnitTest(engine, test);
      outcomes.push(`${test.name}: ${check.status}${check.message === undefined ? '' : `\n${check.message}`}`);
    }
    expect(outcomes).toEqual(tests.map((test) => `${test.name}: pass`));
  });

  it('fail when any expected row changes', async () => {
    for (const test of tests) {
      for (const [index, row] of test.expected.rows.entries()) {
        const column = test.expected.columns.find((name) => typeof row[name] === 'number');
        if (column === undefined) continue;
        const wrong = { ...row, [column]: (row[column] as number) + 1 };
        const rows = test.expected.rows.map((each, at) => (at === index ? wrong : each));
        const check = await checkUnitTest(engine, { ...test, expected: { ...test.expected, rows } });
        expect(check.status, `${test.name} row ${index}`).toBe('fail');
      }
    }
  });
});
