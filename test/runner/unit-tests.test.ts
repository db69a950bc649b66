import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Plan, PlanUnitTest } from '../../lib/plan/plan.ts';
import { ConsoleReporter } from '../../lib/runner/console-reporter.ts';
import { executePlan, type RunOptions } from '../../lib/runner/execute-plan.ts';
import { makePlan, modelId, openTestEngine, planModel, rowTest, selectAll } from './plan-builder.ts';

// Unit test SQL reads only its own rows, so a hand-written SELECT stands in for a compiled one.
function unitTest(name: string, model: string, sql: string, rows: PlanUnitTest['expected']['rows']): PlanUnitTest {
  return {
    id: `unit_test.crm.${name}`,
    name,
    model: modelId(model),
    given: [],
    path: 'sql/facts/schema.yml',
    yamlPath: 'unit_tests[0]',
    sql,
    expected: { columns: Object.keys(rows[0] ?? {}), rows },
  };
}

const doublesAmounts = unitTest('doubles_amounts', 'fact_deals', 'select 1 as deal_id, 2 * 10.5 as amount', [{ deal_id: 1, amount: 21 }]);
const wrongAmounts = unitTest('wrong_amounts', 'fact_deals', "select 'D1' as deal_id, 20.0 as amount union all select 'D2', 5", [
  { deal_id: 'D1', amount: 21 },
]);
const brokenSql = unitTest('broken_sql', 'dim_accounts', 'select no_such_column from (select 1 as x)', [{ no_such_column: 1 }]);

function planWith(unitTests: readonly PlanUnitTest[]): Plan {
  return {
    ...makePlan(
      [
        planModel('dim_accounts', { sql: 'select 1 as account_id' }),
        planModel('fact_deals', { sql: 'select 1 as deal_id, 1 as account_id', upstream: ['dim_accounts'] }),
        planModel('mart_pipeline', { sql: 'select count(*) as deals from analytics.fact_deals', upstream: ['fact_deals'] }),
      ],
      [rowTest('not_null_fact_deals_deal_id', { on: 'fact_deals', failingWhere: 'deal_id is null' })],
    ),
    unitTests,
  };
}

function everything(plan: Plan, mode: RunOptions['mode']): RunOptions {
  return { mode, runId: 'r', ...selectAll(plan), unitTestIds: (plan.unitTests ?? []).map((test) => test.id) };
}

describe('unit tests in a run', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await openTestEngine();
  });
  afterEach(async () => {
    await engine.close();
  });

  it('runs the selected unit tests first in test mode, each a node of the run, then the data tests', async () => {
    const plan = planWith([doublesAmounts, wrongAmounts]);
    await executePlan(engine, plan, { mode: 'run', runId: 'r0', ...selectAll(plan) });

    const result = await executePlan(engine, plan, everything(plan, 'test'));

    expect(result.results.map((node) => [node.name, node.resourceType, node.status, node.failures, node.phase])).toEqual([
      ['doubles_amounts', 'unit_test', 'pass', 0, 'unit_test'],
      ['wrong_amounts', 'unit_test', 'fail', 3, 'unit_test'],
      ['not_null_fact_deals_deal_id', 'test', 'pass', 0, 'published'],
    ]);
    expect(result.counts).toEqual({ pass: 2, warn: 0, error: 1, skip: 0, total: 3 });
    expect(result.success).toBe(false);
    expect(result.results[1]?.message).toBe(
      [
        '1 expected row not returned (-), 2 rows returned but not expected (+):',
        '  | deal_id | amount',
        '- | D1      | 21',
        '+ | D1      | 20',
        '+ | D2      | 5',
      ].join('\n'),
    );
  });

  it('records each result in audit.check_results with the diff as its sample, and in audit.model_runs', async () => {
    const plan = planWith([doublesAmounts, wrongAmounts]);
    await executePlan(engine, plan, everything(plan, 'test'));

    const checks = await engine.query(
      `select test_id, test_name, model_id, severity, status, failures, sample, phase from audit.check_results where phase = 'unit_test' order by test_name`,
    );
    expect(checks.map((check) => ({ ...check, sample: JSON.parse(String(check.sample)) as unknown }))).toEqual([
      { test_id: 'unit_test.crm.doubles_amounts', test_name: 'doubles_amounts', model_id: modelId('fact_deals'), severity: 'error', status: 'pass', failures: 0, sample: null, phase: 'unit_test' },
      {
        test_id: 'unit_test.crm.wrong_amounts',
        test_name: 'wrong_amounts',
        model_id: modelId('fact_deals'),
        severity: 'error',
        status: 'fail',
        failures: 3,
        sample: [
          { diff: '-', deal_id: 'D1', amount: 21 },
          { diff: '+', deal_id: 'D1', amount: 20 },
          { diff: '+', deal_id: 'D2', amount: 5 },
        ],
        phase: 'unit_test',
      },
    ]);
    const runs = await engine.query(`select node_name, resource_type, status from audit.model_runs where resource_type = 'unit_test' order by node_name`);
    expect(runs).toEqual([
      { node_name: 'doubles_amounts', resource_type: 'unit_test', status: 'pass' },
      { node_name: 'wrong_amounts', resource_type: 'unit_test', status: 'fail' },
    ]);
  });

  it('reports a unit test whose SQL fails as an error with the engine message', async () => {
    const plan = planWith([brokenSql]);
    const result = await executePlan(engine, plan, everything(plan, 'test'));

    expect(result.results[0]).toMatchObject({ name: 'broken_sql', status: 'error', failures: 0 });
    expect(result.results[0]?.message).toMatch(/no_such_column/);
  });

  it('in build, skips a model whose unit test failed and everything downstream, and builds the rest', async () => {
    const plan = planWith([doublesAmounts, wrongAmounts]);
    const result = await executePlan(engine, plan, everything(plan, 'build'));

    expect(result.results.map((node) => [node.name, node.status, node.message])).toEqual([
      ['doubles_amounts', 'pass', undefined],
      ['wrong_amounts', 'fail', expect.stringContaining('expected row not returned')],
      ['dim_accounts', 'success', undefined],
      ['fact_deals', 'skipped', 'upstream unit_test.crm.wrong_amounts failed'],
      ['not_null_fact_deals_deal_id', 'skipped', 'upstream unit_test.crm.wrong_amounts failed'],
      ['mart_pipeline', 'skipped', 'upstream unit_test.crm.wrong_amounts failed'],
    ]);
    expect(await engine.relationKind({ schema: 'analytics', name: 'fact_deals' })).toBeUndefined();
  });

  it('in build, builds a model whose unit tests pass', async () => {
    const plan = planWith([doublesAmounts]);
    const result = await executePlan(engine, plan, everything(plan, 'build'));

    expect(result.success).toBe(true);
    expect(result.results.map((node) => node.name)).toEqual(['doubles_amounts', 'dim_accounts', 'fact_deals', 'not_null_fact_deals_deal_id', 'mart_pipeline']);
  });

  it('runs no unit test in run mode, nor when none is selected', async () => {
    const plan = planWith([wrongAmounts]);
    const run = await executePlan(engine, plan, everything(plan, 'run'));
    expect(run.results.some((node) => node.resourceType === 'unit_test')).toBe(false);
    const build = await executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan) });
    expect(build.success).toBe(true);
    expect(build.results.some((node) => node.resourceType === 'unit_test')).toBe(false);
  });

  it('shows dbt-style unit test lines and problems on the console', async () => {
    const plan = planWith([doublesAmounts, wrongAmounts]);
    const lines: string[] = [];
    const reporter = new ConsoleReporter({ write: (line) => lines.push(line) });
    const result = await executePlan(engine, plan, { ...everything(plan, 'test'), onEvent: (event) => reporter.onEvent(event) });
    reporter.summary(result);

    // Unit tests run side by side, so their lines come in the order they finish.
    expect(lines.slice(0, 2)).toContainEqual(expect.stringMatching(/^\d of 3 PASS unit_test doubles_amounts \.+ \[PASS in \d+\.\d\ds\]$/));
    expect(lines.slice(0, 2)).toContainEqual(expect.stringMatching(/^\d of 3 FAIL 3 unit_test wrong_amounts \.+ \[FAIL 3 in \d+\.\d\ds\]$/));
    expect(lines).toContain('FAIL 3 unit_test wrong_amounts');
    expect(lines).toContain('  - | D1      | 21');
    expect(lines.find((line) => line.startsWith('Finished running'))).toMatch(/^Finished running 2 unit tests, 1 test in /);
  });
});
