/**
 * The QualityChecks step on the local Data API endpoint (real SQL on PGlite, through the real SDK
 * client), driven as the state machine drives it: the tests of one relation, counted together,
 * record exactly the rows of audit.check_results that the same tests record one statement each,
 * passing, failing or when the batched statement itself fails, with fewer statements.
 */
import { DescribeStatementCommand, type RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTableStatements } from '../../lib/audit/audit-tables.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import type { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { DataApiBatches } from '../../lib/pipeline/data-api-batches.ts';
import { RUNNING_STATEMENT_STATES, type StepResponse } from '../../lib/pipeline/pipeline-contract.ts';
import { QualityChecksStep } from '../../lib/pipeline/quality-checks-step.ts';
import { compileRunPlan, type RunPlan } from '../../lib/pipeline/run-plan.ts';
import { advanceStep } from '../../lib/pipeline/step-runner.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { endpointEngine } from '../engines/redshift-data/endpoint-engine.ts';
import { layeredProjectYml, TempProjects } from '../project/temp-project.ts';
import { RecordingTelemetry, RUN } from './step-fixture.ts';

const SOURCES_YML = `version: 2
sources:
  - name: crm
    schema: raw
    tables:
      - name: deals
        columns:
          - { name: deal_id, data_type: integer, tests: [not_null] }
          - name: stage
            data_type: varchar
            tests:
              - accepted_values: { values: [won, lost, open], config: { severity: warn } }
          - { name: amount, data_type: 'decimal(12,2)' }
`;

const FACTS_YML = `version: 2
models:
  - name: fact_deals
    tests:
      - not_empty
      - expression_is_true:
          expression: "amount < 1000"
          config: { severity: warn, warn_if: ">1" }
    columns:
      - name: deal_id
        tests: [unique, not_null]
      - name: stage
        tests:
          - accepted_values: { values: [won, lost, open], config: { severity: warn } }
      - name: amount
        tests:
          - accepted_range: { min_value: 0, config: { severity: warn, limit: 2 } }
          - not_null: { config: { where: "stage = 'won'", severity: warn } }
`;

const PROJECT: Record<string, string> = {
  'sql/project.yml': layeredProjectYml({ run_date: '2026-11-24' }),
  'sql/sources.yml': SOURCES_YML,
  'sql/facts/fact_deals.sql': `select deal_id, stage, amount from {{ source('crm', 'deals') }}`,
  'sql/facts/schema.yml': FACTS_YML,
  // A project's own test: no aggregate, so it always runs alone.
  'sql/tests/no_huge_deals.sql': `select * from {{ ref('fact_deals') }} where amount > 100000`,
};

const CLEAN = "(1, 'won', 100.00), (2, 'lost', 0.00), (3, 'open', 5.00)";
/** A null and a duplicated id, an unknown stage, three negative amounts, a won deal without an amount, two large amounts. */
const DIRTY = "(1, 'won', 100.00), (2, 'lost', 0.00), (3, 'won', 0.00), (3, 'open', -5.00), (null, 'won', 2500.00), (4, 'stalled', -1.00), (5, 'won', null), (6, 'open', -2.00), (7, 'lost', 1200.00)";

const projects = new TempProjects('quality-checks-endpoint');
let endpoint: DataApiEndpoint;
let redshift: RedshiftDataEngine;
let client: RedshiftDataClient;
let runPlan: RunPlan;

beforeAll(async () => {
  runPlan = compileRunPlan(await loadProject(await projects.write(PROJECT)), '2026-11-24', []);
  endpoint = await startDataApiEndpoint({ port: 0 });
  ({ engine: redshift, client } = endpointEngine(endpoint));
  for (const statement of auditTableStatements()) await redshift.execute(statement);
  await redshift.execute('create schema raw');
  await redshift.execute('create schema analytics');
}, 60_000);

afterAll(async () => {
  await redshift?.close();
  client?.destroy();
  await endpoint?.close();
  await projects.removeAll();
});

/** The landed deals (loaded at `loadedAt`) and the staged fact (what the layer steps built) hold `rows`; no test has a verdict yet. */
async function stage(rows: string, loadedAt = '2026-11-24 02:00:00'): Promise<void> {
  await redshift.transaction([
    'drop table if exists raw.deals',
    `create table raw.deals as select * from (select 0 as deal_id, cast('' as varchar(32)) as stage, cast(0 as decimal(12, 2)) as amount, cast(null as timestamp) as _loaded_at) as empty where false`,
    `insert into raw.deals (deal_id, stage, amount) values ${rows}`,
    `update raw.deals set _loaded_at = cast('${loadedAt}' as timestamp)`,
    'delete from audit.test_state',
  ]);
  await restage();
}

/** The staged fact holds the landed deals. */
async function restage(): Promise<void> {
  await redshift.transaction(['drop table if exists analytics.fact_deals__wap', 'create table analytics.fact_deals__wap as select deal_id, stage, amount from raw.deals']);
}

/** The plan as it was before batching: no test has an aggregate, so each runs alone, one statement. */
function oneByOne(plan: RunPlan): RunPlan {
  return { ...plan, plan: { ...plan.plan, tests: plan.plan.tests.map(({ failureAggregate: _aggregate, ...test }) => test) } };
}

interface Checked {
  /** What the step threw, by name and message; undefined when it passed. */
  readonly error?: { readonly name: string; readonly message: string };
  readonly batches: number;
  readonly statements: number;
  readonly rows: Record<string, unknown>[];
}

async function ended(id: string): Promise<number> {
  for (let polls = 0; polls < 2_000; polls += 1) {
    const described = await client.send(new DescribeStatementCommand({ Id: id }));
    if (!(RUNNING_STATEMENT_STATES as readonly string[]).includes(described.Status ?? '')) return described.SubStatements?.length ?? 1;
    await new Promise((done) => setTimeout(done, 5));
  }
  throw new Error(`statement ${id} never ended`);
}

/** Drives QualityChecks over `plan` in run `runId`, started at `startedAt`, as the state machine does, to its end; the run's audit rows, its batches and statements. */
async function check(plan: RunPlan, runId: string, startedAt = RUN.startedAt): Promise<Checked> {
  const run = { ...RUN, runId, startedAt, executionArn: `${RUN.executionArn.replace(/:[^:]*$/, '')}:${runId}` };
  const telemetry = new RecordingTelemetry();
  const step = new QualityChecksStep({ runPlan: plan, runId, checkedAt: new Date(run.startedAt), telemetry });
  const batches = new DataApiBatches(client, { workgroupName: 'local', database: 'dev' });
  let submitted = 0;
  let statements = 0;
  let error: Checked['error'];
  try {
    let response: StepResponse = await advanceStep({ step: 'QualityChecks', run, cursor: 0 }, step, batches, telemetry);
    while (!response.step.done) {
      const id = String(response.step.statementId);
      submitted += 1;
      statements += await ended(id);
      response = await advanceStep({ step: 'QualityChecks', run, cursor: response.step.cursor, statementId: id, memo: response.step.memo }, step, batches, telemetry);
    }
  } catch (thrown) {
    error = { name: (thrown as Error).name, message: (thrown as Error).message };
  }
  const rows = await redshift.query(
    `select test_id, test_name, model_id, column_name, severity, status, failures, sample, phase, checked_at
       from audit.check_results where run_id = '${runId}' order by test_id`,
  );
  return { ...(error === undefined ? {} : { error }), batches: submitted, statements, rows };
}

describe('QualityChecks on the local Data API endpoint', () => {
  it('has tests counted together: two relations with several aggregated tests, and a test of its own', () => {
    const aggregated = runPlan.plan.tests.filter((test) => test.failureAggregate !== undefined);
    expect(aggregated.filter((test) => test.attachedTo === 'model.crm.fact_deals')).toHaveLength(7);
    expect(aggregated.filter((test) => test.attachedTo === 'source.crm.deals')).toHaveLength(2);
    expect(runPlan.plan.tests).toHaveLength(aggregated.length + 1);
  });

  it('records the same verdicts as one test at a time when every test passes, in fewer statements', async () => {
    await stage(CLEAN);
    const batched = await check(runPlan, 'passing-batched');
    const alone = await check(oneByOne(runPlan), 'passing-alone');

    expect(batched.error).toBeUndefined();
    expect(alone.error).toBeUndefined();
    expect(batched.rows).toEqual(alone.rows);
    expect(batched.rows.map((row) => row.status)).toEqual(runPlan.plan.tests.map(() => 'pass'));
    // What landed since the source tests' verdicts read (2 statements, none yet); the fact's six tests of
    // its whole rows in one statement, the where-narrowed not_null and the project's own test alone, the
    // source's two in one, the source tests' verdicts recorded (2) and all verdicts read: 9 statements, not 15.
    expect([batched.batches, batched.statements]).toEqual([2, 9]);
    expect([alone.batches, alone.statements]).toEqual([2, 15]);
  });

  it('records the same verdicts as one test at a time when tests inside a batch fail or warn, the duplicated id counted by its own query', async () => {
    await stage(DIRTY);
    const batched = await check(runPlan, 'failing-batched');
    const alone = await check(oneByOne(runPlan), 'failing-alone');

    expect(batched.rows).toEqual(alone.rows);
    expect(batched.error).toEqual(alone.error);
    expect(batched.error).toMatchObject({
      name: 'QualityChecksFailed',
      message: expect.stringContaining('not_null_fact_deals_deal_id (1 failing rows), source_not_null_crm_deals_deal_id (1 failing rows), unique_fact_deals_deal_id (1 failing rows)'),
    });
    const verdicts = Object.fromEntries(batched.rows.map((row) => [row.test_name, [row.status, Number(row.failures)]]));
    expect(verdicts).toEqual({
      accepted_range_fact_deals_amount__0: ['warn', 2],
      accepted_values_fact_deals_stage__won__lost__open: ['warn', 1],
      expression_is_true_fact_deals_amount_1000: ['warn', 2],
      no_huge_deals: ['pass', 0],
      not_empty_fact_deals: ['pass', 0],
      not_null_fact_deals_amount: ['warn', 1],
      not_null_fact_deals_deal_id: ['fail', 1],
      source_accepted_values_crm_deals_stage__won__lost__open: ['warn', 1],
      source_not_null_crm_deals_deal_id: ['fail', 1],
      unique_fact_deals_deal_id: ['fail', 1],
    });
    // The unique screen found a duplicate: its batch wrote no verdict, so one more batch runs it alone,
    // records the source tests' verdicts again and reads them all again.
    expect([batched.batches, batched.statements]).toEqual([3, 13]);
  });

  it('runs each test of a batch alone when the batched statement fails, and records what they record one at a time', async () => {
    await stage(DIRTY);
    const broken: RunPlan = {
      ...runPlan,
      plan: {
        ...runPlan.plan,
        tests: runPlan.plan.tests.map((test) =>
          test.name === 'not_empty_fact_deals' && test.failureAggregate !== undefined
            ? { ...test, failureAggregate: { ...test.failureAggregate, expression: 'count(case when no_such_column is null then 1 end)' } }
            : test,
        ),
      },
    };
    const batched = await check(broken, 'broken-batched');
    const alone = await check(oneByOne(runPlan), 'broken-alone');

    expect(batched.rows).toEqual(alone.rows);
    expect(batched.error).toEqual(alone.error);
    // What landed read (2), the failed batch (7 statements, rolled back), then its 10 tests alone, the
    // source verdicts recorded and all read (13).
    expect([batched.batches, batched.statements]).toEqual([3, 22]);
  });

  it("fails the run naming the test when a test's own query fails, batched or not", async () => {
    await stage(CLEAN);
    const brokenTest = (plan: RunPlan): RunPlan => ({
      ...plan,
      plan: {
        ...plan.plan,
        tests: plan.plan.tests.map((test) =>
          test.name === 'not_null_fact_deals_deal_id' && test.failureAggregate !== undefined
            ? { ...test, sql: test.sql.replace('deal_id is null', 'no_such_column is null'), failureAggregate: { ...test.failureAggregate, expression: 'count(case when no_such_column is null then 1 end)' } }
            : test,
        ),
      },
    });
    const batched = await check(brokenTest(runPlan), 'broken-test-batched');
    const alone = await check(oneByOne(brokenTest(runPlan)), 'broken-test-alone');

    const named = /^data check not_null_fact_deals_deal_id \(sql\/facts\/schema\.yml\) could not run: [\s\S]*column "no_such_column" does not exist/;
    expect(batched.error).toMatchObject({ name: 'StatementFailed', message: expect.stringMatching(named) });
    expect(alone.error).toMatchObject({ name: 'StatementFailed', message: expect.stringMatching(named) });
    // Its batch rolled back, so no verdict of that batch was recorded, either way.
    expect(batched.rows).toEqual([]);
    expect(alone.rows).toEqual([]);
    // Each after the read of what landed.
    expect([batched.batches, alone.batches]).toEqual([3, 2]);
  });

  it('has a source test read only the rows landed since its last clean verdict, counting what the whole table would, and the whole table again after it found some', async () => {
    await stage(CLEAN, '2026-11-23 02:00:00');
    const first = await check(runPlan, 'landed-1', '2026-11-23T03:00:00.000Z');
    expect(first.error).toBeUndefined();
    // A day lands a deal without an id and an unknown stage; one of the day before is re-stated the same.
    await redshift.execute("insert into raw.deals values (null, 'stalled', 1.00, cast('2026-11-24 02:00:00' as timestamp)), (2, 'lost', 0.00, cast('2026-11-24 02:00:00' as timestamp))");
    await restage();
    const second = await check(runPlan, 'landed-2', '2026-11-24T03:00:00.000Z');
    const third = await check(runPlan, 'landed-3', '2026-11-24T04:00:00.000Z');

    const sourceVerdicts = (checked: Checked): unknown[] => checked.rows.filter((row) => String(row.test_id).startsWith('test.crm.source_')).map((row) => [row.test_name, row.status, Number(row.failures)]);
    const found = [
      ['source_accepted_values_crm_deals_stage__won__lost__open', 'warn', 1],
      ['source_not_null_crm_deals_deal_id', 'fail', 1],
    ];
    expect(sourceVerdicts(second)).toEqual(found);
    expect(sourceVerdicts(third)).toEqual(found);
    const state = await redshift.query(
      `select run_id, test_id, failures, narrowed, cast(loaded_through as varchar(32)) as loaded_through from audit.test_state where run_id like 'landed-%' order by run_id, test_id`,
    );
    expect(state.map((row) => [row.run_id, String(row.test_id).replace('test.crm.source_', '').slice(0, 14), Number(row.failures), row.narrowed, row.loaded_through])).toEqual([
      ['landed-1', 'accepted_value', 0, false, '2026-11-23 02:00:00'],
      ['landed-1', 'not_null_crm_d', 0, false, '2026-11-23 02:00:00'],
      // Read only the day's two rows: the same failures as the whole table.
      ['landed-2', 'accepted_value', 1, true, '2026-11-24 02:00:00'],
      ['landed-2', 'not_null_crm_d', 1, true, '2026-11-24 02:00:00'],
      // They found failing rows, so the next run reads every row.
      ['landed-3', 'accepted_value', 1, false, '2026-11-24 02:00:00'],
      ['landed-3', 'not_null_crm_d', 1, false, '2026-11-24 02:00:00'],
    ]);
  });
});
