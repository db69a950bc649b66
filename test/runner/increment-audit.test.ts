/**
 * Tests on what changed (lib/project/increment-audit.ts, lib/runner/increment-audit-state.ts and
 * landed-audits.ts): an incremental model's row and group tests read only the rows an in-place increment
 * wrote once the same tests found nothing at its last published build, and a raw table's only the rows
 * loaded after their last verdict; either then counts exactly what it would count over the whole table.
 * On DuckDB and Postgres (PGlite), which merge increments in place; through the local Data API endpoint
 * (Redshift), which merges into a staged copy, every model test reads the whole table.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_TABLES } from '../../lib/audit/audit-tables.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { executePlan, type RunResult } from '../../lib/runner/execute-plan.ts';
import { compileFingerprintProject } from '../project/fingerprint-project.ts';
import { removeProjects } from '../project/unit-test-project.ts';
import { incrementalEngines } from './incremental-engines.ts';
import { createRawDeals, landDeals } from './raw-deals.ts';
import { selectAll } from './plan-builder.ts';

afterAll(removeProjects);

/** fact_deals with a key test, a test of single rows, a group test on a column that is not the key and a warn test. */
function factTests(minimum = 0): Record<string, string> {
  return {
    'sql/facts/schema.yml': `version: 2
models:
  - name: fact_deals
    config:
      materialized: incremental
      unique_key: deal_id
    columns:
      - name: deal_id
        tests: [unique]
      - name: weighted_amount
        tests:
          - not_null
          - unique
          - accepted_range:
              min_value: ${minimum}
              config: { severity: warn }
`,
  };
}

/** The raw deals with a test of rows, a group test and a warn test. */
const SOURCE_TESTS = {
  'sql/sources.yml': `version: 2
sources:
  - name: crm
    schema: raw
    tables:
      - name: deals
        tests:
          - unique_combination_of_columns: { combination_of_columns: [deal_id, version, _ingest_date] }
        columns:
          - { name: deal_id, data_type: integer, tests: [not_null] }
          - { name: version, data_type: integer }
          - name: amount
            data_type: integer
            tests: [{ accepted_range: { min_value: 0, config: { severity: warn } } }]
`,
};
const RAW_COMBINATION = 'test.crm.source_unique_combination_of_columns_crm_deals_deal_id__version___ingest_date';
const RAW_NOT_NULL = 'test.crm.source_not_null_crm_deals_deal_id';

const UNIQUE_AMOUNT = 'test.crm.unique_fact_deals_weighted_amount';
const NOT_NULL_AMOUNT = 'test.crm.not_null_fact_deals_weighted_amount';
const RANGE = 'test.crm.accepted_range_fact_deals_weighted_amount__0';


describe.each(incrementalEngines)('tests on what an increment changed, on %s', (_name, open) => {
  let engine: Engine;
  let statements: string[];
  beforeEach(async () => {
    engine = await open();
    statements = [];
    engine.onStatement = (sql) => statements.push(sql);
    await createRawDeals(engine);
    await landDeals(engine, '2026-11-20', [[1, 1, 10], [2, 1, 20]]);
  }, 60_000);
  afterEach(async () => {
    await engine.close();
  });

  const inPlace = (): boolean => engine.target !== 'redshift';

  async function build(runId: string, day: string, minimum = 0): Promise<RunResult> {
    const plan = await compileFingerprintProject(engine.target, { run_date: day }, factTests(minimum));
    statements = [];
    return executePlan(engine, plan, { mode: 'build', runId, ...selectAll(plan) });
  }

  const verdicts = async (runId: string) =>
    (await engine.query(`select test_id, cast(failures as integer) as failures, narrowed from audit.test_state where run_id = '${runId}' order by test_id`)).map((row) => ({
      test: String(row.test_id).replace('test.crm.', ''),
      failures: Number(row.failures),
      narrowed: row.narrowed === true,
    }));
  const failuresOf = (result: RunResult, id: string) => result.results.find((node) => node.id === id)?.failures;
  const factRows = () => engine.query('select deal_id, cast(weighted_amount as integer) as weighted_amount from analytics.fact_deals order by deal_id');
  /** The statements that read the increment's keys to find what it wrote. */
  const narrowedReads = () => statements.filter((sql) => sql.includes('fact_deals__inc written_rows'));

  it('reads only the written rows once the tests found nothing, and still finds a duplicate of an old row and a null', async () => {
    await build('r1', '2026-11-20');
    expect((await verdicts('r1')).every((verdict) => verdict.failures === 0 && !verdict.narrowed)).toBe(true);

    await landDeals(engine, '2026-11-21', [[3, 1, 30]]);
    const clean = await build('r2', '2026-11-21');
    expect(clean.success).toBe(true);
    expect((await verdicts('r2')).map((verdict) => verdict.narrowed)).toEqual([inPlace(), inPlace(), inPlace(), inPlace()]);
    expect(narrowedReads().length > 0).toBe(inPlace());

    // Deal 4's amount equals deal 2's, an old row the increment did not write; deal 5 has none.
    await landDeals(engine, '2026-11-22', [[4, 1, 20], [5, 1, null]]);
    const refused = await build('r3', '2026-11-22');
    expect(refused.results.find((node) => node.id === 'model.crm.fact_deals')?.message).toContain('not published, audit failed');
    expect(failuresOf(refused, UNIQUE_AMOUNT)).toBe(1);
    expect(failuresOf(refused, NOT_NULL_AMOUNT)).toBe(1);
    expect(narrowedReads().length > 0).toBe(inPlace());
    expect(await factRows()).toEqual([{ deal_id: 1, weighted_amount: 10 }, { deal_id: 2, weighted_amount: 20 }, { deal_id: 3, weighted_amount: 30 }]);

    // The refused build leaves no verdict: the next build reads r2's.
    expect(await verdicts('r3')).toEqual([]);
    await landDeals(engine, '2026-11-23', [[4, 2, 40], [5, 2, 50]]);
    expect((await build('r4', '2026-11-23')).success).toBe(true);
    expect((await verdicts('r4')).every((verdict) => verdict.narrowed === inPlace())).toBe(true);
    expect(await factRows()).toHaveLength(5);
  }, 120_000);

  it('reads the whole table after a test found failing rows, and after the test itself changed', async () => {
    await build('r1', '2026-11-20');
    await landDeals(engine, '2026-11-21', [[3, 1, -5]]);
    const warned = await build('r2', '2026-11-21');
    expect(failuresOf(warned, RANGE)).toBe(1);

    // Deal 3's negative amount is an old row now: only the whole table still has it.
    await landDeals(engine, '2026-11-22', [[4, 1, 40]]);
    const after = await build('r3', '2026-11-22');
    expect(failuresOf(after, RANGE)).toBe(1);
    expect((await verdicts('r3')).find((verdict) => verdict.test === RANGE.replace('test.crm.', ''))?.narrowed).toBe(false);

    // A new minimum is another test: its first verdict reads every row, the other tests keep theirs.
    await landDeals(engine, '2026-11-23', [[5, 1, 50]]);
    const changed = await build('r4', '2026-11-23', -10);
    const range = changed.results.find((node) => node.id.startsWith('test.crm.accepted_range_'));
    expect(range).toMatchObject({ id: expect.not.stringMatching(RANGE), failures: 0 });
    expect((await verdicts('r4')).map((verdict) => [verdict.test, verdict.narrowed])).toEqual([
      [range?.id.replace('test.crm.', ''), false],
      ['not_null_fact_deals_weighted_amount', inPlace()],
      ['unique_fact_deals_deal_id', inPlace()],
      ['unique_fact_deals_weighted_amount', inPlace()],
    ]);
  }, 120_000);
});

describe.each(incrementalEngines)('tests of a raw table on what landed since, on %s', (_name, open) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await open();
    await createRawDeals(engine);
    await landDeals(engine, '2026-11-20', [[1, 1, 10], [2, 1, 20]]);
  }, 60_000);
  afterEach(async () => {
    await engine.close();
  });

  let plan: Plan;
  async function build(runId: string, day: string): Promise<RunResult> {
    plan = await compileFingerprintProject(engine.target, { run_date: day }, SOURCE_TESTS);
    return executePlan(engine, plan, { mode: 'build', runId, ...selectAll(plan) });
  }
  const verdict = async (runId: string, testId: string) => {
    const [row] = await engine.query(`select cast(failures as integer) as failures, narrowed, cast(loaded_through as varchar(32)) as loaded_through from audit.test_state where run_id = '${runId}' and test_id = '${testId}'`);
    return { failures: Number(row?.failures), narrowed: row?.narrowed === true, loadedThrough: String(row?.loaded_through).slice(0, 19) };
  };
  const resultOf = (result: RunResult, id: string) => result.results.find((node) => node.id === id);
  /** What the test's own query, over the whole table, counts now. */
  const wholeTableFailures = async (id: string) => {
    const [row] = await engine.query(`select count(*) as failures from (${plan.tests.find((test) => test.id === id)?.sql ?? 'missing'}) failing`);
    return Number(row?.failures);
  };

  it('reads only the rows loaded after a clean verdict, and still finds a duplicate of an old row', async () => {
    await build('r1', '2026-11-20');
    expect(await verdict('r1', RAW_COMBINATION)).toEqual({ failures: 0, narrowed: false, loadedThrough: '2026-11-20 03:00:00' });

    await landDeals(engine, '2026-11-21', [[3, 1, 30]]);
    await build('r2', '2026-11-21');
    expect(await verdict('r2', RAW_COMBINATION)).toEqual({ failures: 0, narrowed: true, loadedThrough: '2026-11-21 03:00:00' });

    // Day 20's deal 1 loaded again (a file loaded twice), and a deal without an id.
    await engine.execute(`insert into raw.deals values (1, 1, 10, cast('2026-11-20' as date), cast('2026-11-22 03:00:00' as timestamp)), (null, 1, 5, cast('2026-11-22' as date), cast('2026-11-22 03:00:00' as timestamp))`);
    const found = await build('r3', '2026-11-22');
    expect(resultOf(found, RAW_COMBINATION)).toMatchObject({ status: 'fail', failures: 1 });
    expect(resultOf(found, RAW_NOT_NULL)).toMatchObject({ status: 'fail', failures: 1 });
    expect(await wholeTableFailures(RAW_COMBINATION)).toBe(1);
    expect((await verdict('r3', RAW_COMBINATION)).narrowed).toBe(true);

    // Found failing, the test reads every row again: the duplicate is old now.
    await landDeals(engine, '2026-11-23', [[4, 1, 40]]);
    const again = await build('r4', '2026-11-23');
    expect(resultOf(again, RAW_COMBINATION)).toMatchObject({ status: 'fail', failures: 1 });
    expect(await verdict('r4', RAW_COMBINATION)).toEqual({ failures: 1, narrowed: false, loadedThrough: '2026-11-23 03:00:00' });
  }, 120_000);

  it('narrows nothing and records nothing when the raw table cannot be read, and its tests report the error', async () => {
    await engine.execute('drop table raw.deals');
    const broken = await build('r1', '2026-11-20');
    expect(resultOf(broken, RAW_NOT_NULL)?.status).toBe('error');
    expect(broken.warnings).toEqual([]);
    expect(await engine.query(`select test_id from audit.test_state where run_id = 'r1'`)).toEqual([]);
  }, 120_000);

  it('reads whole tables, records nothing and warns when the last verdicts cannot be read', async () => {
    await build('r1', '2026-11-20');
    await landDeals(engine, '2026-11-21', [[3, 1, 30]]);
    plan = await compileFingerprintProject(engine.target, { run_date: '2026-11-21' }, SOURCE_TESTS);
    const verdictsFail = new Proxy(engine, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property === 'query') {
          return async (sql: string) => {
            if (sql.includes(`from ${AUDIT_TABLES.testState}`) && sql.includes('row_number()')) throw new Error('connection reset');
            return target.query(sql);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

    const result = await executePlan(verdictsFail, plan, { mode: 'build', runId: 'r2', ...selectAll(plan) });

    expect(resultOf(result, RAW_COMBINATION)).toMatchObject({ status: 'pass', failures: 0 });
    expect(result.warnings).toEqual([expect.stringMatching(/^the source tests read their whole tables and record no verdict: .*connection reset/)]);
    expect(await engine.query(`select test_id from audit.test_state where run_id = 'r2'`)).toEqual([]);
  }, 120_000);
});
