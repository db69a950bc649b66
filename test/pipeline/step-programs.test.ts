/**
 * Each step driven the way the state machine drives it (submit → the batch ends → call again
 * with its id) against a scripted Data API, on the real project's plan.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineStepName, RunContext, StepResponse } from '../../lib/pipeline/pipeline-contract.ts';
import { BootstrapGrantsStep } from '../../lib/pipeline/bootstrap-step.ts';
import { DataApiBatches, clientToken } from '../../lib/pipeline/data-api-batches.ts';
import { CARRIED_CATALOG_LIMIT_BYTES } from '../../lib/pipeline/incremental-catalog.ts';
import { LayerBuildStep } from '../../lib/pipeline/layer-build-step.ts';
import { PublishStep } from '../../lib/pipeline/publish-step.ts';
import { QualityChecksStep } from '../../lib/pipeline/quality-checks-step.ts';
import { verifiedRunPlan, type RunPlan } from '../../lib/pipeline/run-plan.ts';
import { advanceStep, type StepProgram } from '../../lib/pipeline/step-runner.ts';
import { qualified, type PlanTest } from '../../lib/plan/plan.ts';
import { testFingerprint } from '../../lib/runner/increment-audit-state.ts';
import { crmProject, crmRunPlan, RecordingTelemetry, resultColumns, RUN, scriptedDataApi, type ScriptedStatement } from './step-fixture.ts';

const run = RUN;

/** The logic fingerprint the tests' incremental fact_deals is compiled with and its last build recorded. */
const FINGERPRINT = 'a'.repeat(64);
/** The columns of the recorded-state query's rows (lib/publish/incremental-state.ts). */
const STATE_COLUMNS = (['model_id', 'run_date', 'relanded', 'logic_fingerprint'] as const).map((name) => ({ name, type: 'varchar' as const }));
let plan: RunPlan;
let api: ReturnType<typeof scriptedDataApi>;
let telemetry: RecordingTelemetry;

beforeAll(async () => {
  plan = await crmRunPlan();
});

afterEach(() => api?.mock.reset());

function setup(): void {
  api = scriptedDataApi();
  telemetry = new RecordingTelemetry();
}

/**
 * Runs a step to its end from `start`, each invocation given the run the previous one returned, as the
 * state machine does; `answer` scripts how each submitted batch ends. Returns every response.
 */
async function drive(step: PipelineStepName, program: StepProgram, answer: (sqls: readonly string[], index: number) => ScriptedStatement = () => ({}), start: RunContext = run): Promise<StepResponse[]> {
  const batches = new DataApiBatches(api.client, { workgroupName: 'crmwarehouse', database: 'warehouse', adminSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin' });
  const responses: StepResponse[] = [];
  let response = await advanceStep({ step, run: start, cursor: 0 }, program, batches, telemetry);
  responses.push(response);
  for (let guard = 0; !response.step.done; guard += 1) {
    if (guard > 50) throw new Error('the step never finished');
    const submitted = api.last();
    api.script(submitted.id, answer(submitted.sqls, api.submitted.length - 1));
    response = await advanceStep({ step, run: response.run, cursor: response.step.cursor, statementId: response.step.statementId, memo: response.step.memo }, program, batches, telemetry);
    responses.push(response);
  }
  return responses;
}

describe('layer builds', () => {
  it('builds the staging views and incremental tables under their staged names, then records one model run each', async () => {
    setup();
    await drive('Staging', new LayerBuildStep({ layer: 'staging', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry }));
    const [catalog, build, record] = api.submitted;
    // The layer's incremental tables: the catalog is asked which are published, their columns and recorded builds.
    expect(catalog?.sqls).toHaveLength(3);
    expect(catalog?.sqls[0]).toContain("'staging.stg_crm_activities', 'staging.stg_crm_contacts', 'staging.stg_crm_deal_stage_changes', 'staging.stg_crm_deals', 'staging.stg_crm_orders', 'staging.stg_crm_tickets'");
    // The seed country_regions, built with the first layer, comes first: its empty table, then its rows.
    expect(build?.sqls.slice(0, 3).map((sql) => sql.split(' (')[0]?.split('\n')[0])).toEqual([
      'drop table if exists "seeds"."country_regions__wap"',
      'create table "seeds"."country_regions__wap"',
      'insert into "seeds"."country_regions__wap"',
    ]);
    expect(build?.sqls[3]).toMatch(/^create or replace view "staging"\."stg_crm_accounts__wap" as\n/);
    const views = build?.sqls.filter((sql) => sql.startsWith('create or replace view')) ?? [];
    expect(views).toHaveLength(3);
    for (const sql of views) expect(sql).toMatch(/with no schema binding$/);
    // Nothing is published yet, so each incremental table is built whole, and its post_hooks run on the staged table.
    expect(build?.sqls.filter((sql) => sql.startsWith('create table "staging"'))).toHaveLength(6);
    expect(build?.sqls.filter((sql) => sql.startsWith('delete from "staging"."stg_crm_deals__wap"'))).toHaveLength(1);
    // One model run each; each incremental table's state row waits in the pending table until Publish.
    expect(record?.sqls).toHaveLength(1 + 9 + 2 + 6);
    expect(record?.sqls[1]).toContain("insert into audit.model_runs");
    expect(record?.sqls[1]).toContain("'run-2026-11-24', 'model.crm.stg_crm_accounts'");
    expect(record?.sqls.filter((sql) => sql.startsWith('insert into audit.incremental_state_pending'))).toHaveLength(6);
    expect(api.submitted).toHaveLength(3);
  });

  it('makes the dimensions read the staged staging views and reports table rows', async () => {
    setup();
    await drive('Dimensions', new LayerBuildStep({ layer: 'dimensions', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry }), (sqls) => ({
      subStatements: sqls.map((sql) => (sql.startsWith('create table') ? { ResultRows: 42 } : {})),
    }));
    // The catalog batch (the incremental history dimensions), the build, then the record.
    const [catalog, built, record] = api.submitted;
    expect(catalog?.sqls[0]).toContain("'analytics.dim_accounts_history', 'analytics.dim_contacts_history'");
    const build = built?.sqls ?? [];
    const accounts = build.find((sql) => sql.startsWith('create table "analytics"."dim_accounts__wap"'));
    expect(accounts).toContain('"staging"."stg_crm_accounts__wap"');
    expect(accounts).not.toContain('"staging"."stg_crm_accounts"');
    // Nothing is published yet, so every dimension is built whole: drop, then create.
    expect(build.filter((sql) => sql.startsWith('drop table if exists'))).toHaveLength(plan.plan.models.filter((model) => model.layer === 'dimensions').length);
    expect(telemetry.metrics.filter((metric) => metric.name === 'ModelRows').map((metric) => [metric.dimensions?.Model, metric.value])).toContainEqual(['dim_accounts', 42]);
    const runs = record?.sqls.filter((sql) => sql.startsWith('insert into audit.model_runs')) ?? [];
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((sql) => /, 42, /.test(sql))).toBe(true);
  });

  it('submits with a ClientToken per execution, step and cursor, so a retried Lambda gets the same batch', async () => {
    setup();
    // The dimensions: the catalog batch (the incremental history dimensions), the build, then the record.
    await drive('Dimensions', new LayerBuildStep({ layer: 'dimensions', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry }));
    expect(api.mock.commandCalls((await import('@aws-sdk/client-redshift-data')).BatchExecuteStatementCommand).map((call) => call.args[0].input.ClientToken)).toEqual([
      clientToken(run.executionArn, 'Dimensions', 0),
      clientToken(run.executionArn, 'Dimensions', 1),
      clientToken(run.executionArn, 'Dimensions', 2),
    ]);
  });

  it('is done at once when the selection has no model in the layer', async () => {
    setup();
    const selected = await crmRunPlan(['stg_crm_deals']);
    const responses = await drive('Facts', new LayerBuildStep({ layer: 'facts', runPlan: selected, runId: run.runId, fullRefresh: false, telemetry }));
    expect(responses).toHaveLength(1);
    expect(responses[0]?.step).toMatchObject({ done: true, cursor: 0 });
    expect(api.submitted).toEqual([]);
  });

  it('builds an increment and reads its columns in one batch, then merges it into a copy of the published table in the next', () => {
    const model = plan.plan.models.find((candidate) => candidate.name === 'fact_deals');
    if (model === undefined) throw new Error('no fact_deals');
    const incremental = { ...model, config: { ...model.config, materialized: 'incremental' as const, uniqueKey: ['deal_id'] }, incrementalSql: `${model.sql}\nwhere 1 = 1`, logicFingerprint: FINGERPRINT };
    const only: RunPlan = { ...plan, plan: { ...plan.plan, models: plan.plan.models.map((candidate) => (candidate.id === model.id ? incremental : candidate)) }, selection: { ...plan.selection, models: [model.id] } };
    const step = new LayerBuildStep({ layer: 'facts', runPlan: only, runId: run.runId, fullRefresh: false, telemetry: new RecordingTelemetry() });
    const columns = [{ name: 'deal_id', type: 'character varying(64)' }, { name: 'amount', type: 'numeric(18,2)' }];
    const catalog = { existing: { 'analytics.fact_deals': 'table' as const }, columns: { 'analytics.fact_deals': columns }, states: { [model.id]: { runDate: '2026-11-23', relanded: null, logicFingerprint: FINGERPRINT } }, incrementColumns: {} };
    const [first, second] = step.buildBatches(catalog).map((batch) => batch.sqls);
    expect(first).toEqual([
      'drop table if exists "analytics"."fact_deals__inc"',
      expect.stringMatching(/^create table "analytics"\."fact_deals__inc"/),
      expect.stringMatching(/information_schema\.columns[\s\S]*'analytics\.fact_deals__inc'/),
    ]);
    // Its merge waits for the columns `__inc` got.
    expect(second).toBeUndefined();
    const merged = step.buildBatches({ ...catalog, incrementColumns: { [model.id]: columns } }).map((batch) => batch.sqls);
    expect(merged[0]).toEqual(first);
    expect(merged[1]).toEqual([
      'drop table if exists "analytics"."fact_deals__wap"',
      // The copy leaves out the rows the increment replaces: no DELETE, whose rows Redshift only marks.
      expect.stringMatching(/^create table "analytics"\."fact_deals__wap"[\s\S]*select \* from analytics\.fact_deals\nwhere not exists \(\n {2}select 1 from analytics\.fact_deals__inc\n {3}where analytics\.fact_deals__inc\.deal_id = analytics\.fact_deals\.deal_id\n\)$/),
      'insert into analytics.fact_deals__wap ("deal_id", "amount")\nselect "deal_id", "amount" from analytics.fact_deals__inc',
      'drop table if exists "analytics"."fact_deals__inc"',
    ]);
    // A new column under the default on_schema_change ('fail') stops the step, naming the model and the column.
    const changed = { ...catalog, incrementColumns: { [model.id]: [columns[0]!, { name: 'owner_id', type: 'character varying(64)' }] } };
    expect(() => step.buildBatches(changed)).toThrow(
      "model.crm.fact_deals (analytics.fact_deals): the increment's columns differ from the published table's: added owner_id (character varying(64)); removed amount",
    );
    // sync_all_columns alters the staged copy before the merge, which then names the new columns.
    const syncing: RunPlan = { ...only, plan: { ...only.plan, models: only.plan.models.map((candidate) => (candidate.id === model.id ? { ...incremental, config: { ...incremental.config, onSchemaChange: 'sync_all_columns' as const } } : candidate)) } };
    const synced = new LayerBuildStep({ layer: 'facts', runPlan: syncing, runId: run.runId, fullRefresh: false, telemetry: new RecordingTelemetry() }).buildBatches(changed)[1]?.sqls;
    expect(synced?.slice(2, 4)).toEqual([
      'alter table analytics.fact_deals__wap add column "owner_id" character varying(64)',
      'alter table analytics.fact_deals__wap drop column "amount"',
    ]);
    expect(synced).toContain('insert into analytics.fact_deals__wap ("deal_id", "owner_id")\nselect "deal_id", "owner_id" from analytics.fact_deals__inc');
  });

  it("builds a layer's increments beside its other models and reads their columns in one query; their merges come before the first model that reads one of them", () => {
    const incremental = plan.plan.models.filter((model) => model.config.materialized === 'incremental');
    const columns = [{ name: 'id', type: 'integer' }];
    const catalog = {
      existing: Object.fromEntries(incremental.map((model) => [qualified(model.relation), 'table' as const])),
      columns: Object.fromEntries(incremental.map((model) => [qualified(model.relation), columns])),
      states: Object.fromEntries(incremental.map((model) => [model.id, { runDate: '2026-11-23', relanded: null, logicFingerprint: model.logicFingerprint ?? null }])),
      incrementColumns: {},
    };
    const statementsOf = (layer: string, known: readonly string[]) =>
      new LayerBuildStep({ layer, runPlan: plan, runId: run.runId, fullRefresh: false, telemetry: new RecordingTelemetry() })
        .buildBatches({ ...catalog, incrementColumns: Object.fromEntries(known.map((name) => [`model.crm.${name}`, columns])) })
        .map((batch) => batch.sqls);
    const increments = ['fact_activities', 'fact_deal_stage_history', 'fact_orders', 'fact_tickets'];
    // The four fact increments are built in one batch, which ends with one query of their columns; nothing is merged yet.
    const first = statementsOf('facts', []);
    expect(first).toHaveLength(1);
    expect(first[0]?.filter((sql) => /^create table "analytics"\."fact_\w+__inc"/.test(sql))).toHaveLength(4);
    expect(first[0]?.at(-1)).toMatch(/information_schema\.columns/);
    for (const name of increments) expect(first[0]?.at(-1)).toContain(`'analytics.${name}__inc'`);
    expect(first[0]?.some((sql) => /^create table "analytics"\."\w+__wap"/.test(sql))).toBe(false);
    // Once those columns are known: the same first batch, then every merge, then fact_deals, which reads fact_deal_stage_history.
    const all = statementsOf('facts', increments);
    expect(all[0]).toEqual(first[0]);
    const next = all.slice(1).flat();
    const created = next.filter((sql) => sql.startsWith('create table')).map((sql) => /"analytics"\."(\w+)"/.exec(sql)?.[1]);
    expect(created).toEqual([...increments.map((name) => `${name}__wap`), 'fact_deals__wap']);
    // In the marts, mart_account_labels' increment reads mart_account_features: the features' merge comes first.
    const martIncrements = incremental.filter((model) => model.relation.schema === 'marts').map((model) => model.name);
    expect(martIncrements).toEqual(expect.arrayContaining(['mart_account_features', 'mart_account_labels']));
    const marts = statementsOf('marts', martIncrements).flat();
    const featuresMerged = marts.findIndex((sql) => sql.startsWith('insert into marts.mart_account_features__wap'));
    const labelsBuilt = marts.findIndex((sql) => sql.startsWith('create table "marts"."mart_account_labels__inc"'));
    expect(featuresMerged).toBeGreaterThan(-1);
    expect(labelsBuilt).toBeGreaterThan(featuresMerged);
    expect(statementsOf('marts', []).flat().some((sql) => sql.includes('mart_account_labels__inc'))).toBe(false);
  });

  it("runs a model's post_hook on the relation being built, reading the run's staged relations", () => {
    const model = plan.plan.models.find((candidate) => candidate.name === 'fact_deals');
    if (model === undefined) throw new Error('no fact_deals');
    const hooked = { ...model, config: { ...model.config, postHook: ['delete from "analytics"."fact_deals" where deal_id not in (select deal_id from "staging"."stg_crm_deals")'] } };
    const only: RunPlan = { ...plan, plan: { ...plan.plan, models: plan.plan.models.map((candidate) => (candidate.id === model.id ? hooked : candidate)) } };
    const step = new LayerBuildStep({ layer: 'facts', runPlan: only, runId: run.runId, fullRefresh: false, telemetry: new RecordingTelemetry() });
    const sqls = step.buildBatches({ existing: {}, columns: {}, states: {}, incrementColumns: {} }).flatMap((batch) => batch.sqls);
    const create = sqls.findIndex((sql) => sql.startsWith('create table "analytics"."fact_deals__wap"'));
    expect(sqls[create + 1]).toBe('delete from "analytics"."fact_deals__wap" where deal_id not in (select deal_id from "staging"."stg_crm_deals__wap")');
  });

  it('asks which incremental models are published and their columns, then merges the increment naming them', async () => {
    setup();
    const incrementalPlan: RunPlan = {
      ...plan,
      plan: { ...plan.plan, models: plan.plan.models.map((model) => (model.name === 'fact_deals' ? { ...model, config: { ...model.config, materialized: 'incremental' as const, uniqueKey: ['deal_id'] }, logicFingerprint: FINGERPRINT } : model)) },
    };
    const columnRows = (relation: string) => ({
      columns: [{ name: 'relation_name', type: 'varchar' as const }, { name: 'column_name', type: 'varchar' as const }, { name: 'data_type', type: 'varchar' as const }],
      rows: [[relation, 'deal_id', 'integer'], [relation, 'amount', 'integer']],
    });
    await drive('Facts', new LayerBuildStep({ layer: 'facts', runPlan: incrementalPlan, runId: run.runId, fullRefresh: false, telemetry }), (sqls, index) => {
      if (index === 0) {
        return {
          results: {
            0: { columns: [{ name: 'relation_name', type: 'varchar' }, { name: 'kind', type: 'varchar' }], rows: [['analytics.fact_deals', 'table']] },
            1: columnRows('analytics.fact_deals'),
            2: { columns: STATE_COLUMNS, rows: [['model.crm.fact_deals', '2026-11-23', null, FINGERPRINT]] },
          },
        };
      }
      // The batch that built the increment ends with the query of its columns.
      return sqls.at(-1)?.includes("'analytics.fact_deals__inc'") ? { results: { [sqls.length - 1]: columnRows('analytics.fact_deals__inc') } } : {};
    });
    const [catalog, increment, build] = api.submitted;
    expect(catalog?.sqls).toEqual([expect.stringContaining('pg_catalog.pg_class'), expect.stringContaining('information_schema.columns'), expect.stringContaining('audit.incremental_state')]);
    expect(increment?.sqls.at(-2)).toMatch(/^create table "analytics"\."fact_deals__inc"/);
    expect(build?.sqls).toContain('insert into analytics.fact_deals__wap ("deal_id", "amount")\nselect "deal_id", "amount" from analytics.fact_deals__inc');
  });

  it('asks the catalog once per run: the first layer step that builds an increment asks it for its layer and the later ones, and hands it on to the later layer steps', async () => {
    setup();
    const fact = plan.plan.models.find((model) => model.name === 'fact_activities');
    const fingerprint = fact?.logicFingerprint;
    if (fact === undefined || fingerprint === undefined) throw new Error('no incremental fact_activities with a fingerprint');
    const columns = (relation: string) => ({
      columns: resultColumns({ relation_name: 'varchar', column_name: 'varchar', data_type: 'varchar' }),
      rows: [[relation, 'activity_id', 'character varying'], [relation, 'activity_date', 'date']],
    });
    const staging = await drive('Staging', new LayerBuildStep({ layer: 'staging', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry }), (_sqls, index) =>
      index === 0
        ? {
            results: {
              0: { columns: resultColumns({ relation_name: 'varchar', kind: 'varchar' }), rows: [['analytics.fact_activities', 'table']] },
              1: columns('analytics.fact_activities'),
              2: { columns: STATE_COLUMNS, rows: [[fact.id, '2026-11-23', null, fingerprint]] },
            },
          }
        : {},
    );
    const asked = api.submitted[0]?.sqls[0] ?? '';
    for (const relation of ['staging.stg_crm_activities', 'analytics.dim_accounts_history', 'analytics.fact_activities', 'marts.mart_account_features']) expect(asked).toContain(`'${relation}'`);
    const handed = staging.at(-1)?.run;
    expect(handed?.catalog).toEqual({
      existing: { 'analytics.fact_activities': 'table' },
      columns: { 'analytics.fact_activities': [{ name: 'activity_id', type: 'character varying' }, { name: 'activity_date', type: 'date' }] },
      states: { [fact.id]: { runDate: '2026-11-23', relanded: null, logicFingerprint: fingerprint } },
    });
    // The staging step keeps only its own layer's part in its memo.
    expect(staging[1]?.step.memo.columns).toEqual({});
    expect(staging[1]?.step.memo.states).toEqual({});
    // The facts step, given the run the staging step handed on, asks nothing and builds fact_activities as an increment from the answer.
    const before = api.submitted.length;
    const facts = await drive(
      'Facts',
      new LayerBuildStep({ layer: 'facts', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry, ...(handed?.catalog === undefined ? {} : { catalog: handed.catalog }) }),
      (sqls) => (sqls.at(-1)?.includes("'analytics.fact_activities__inc'") ? { results: { [sqls.length - 1]: columns('analytics.fact_activities__inc') } } : {}),
      handed,
    );
    const [build, merge] = api.submitted.slice(before);
    expect(build?.sqls.some((sql) => sql.includes('pg_catalog.pg_class'))).toBe(false);
    expect(build?.sqls).toContainEqual(expect.stringMatching(/^create table "analytics"\."fact_activities__inc"/));
    expect(merge?.sqls).toContain('insert into analytics.fact_activities__wap ("activity_id", "activity_date")\nselect "activity_id", "activity_date" from analytics.fact_activities__inc');
    expect(facts.at(-1)?.run).toEqual(handed);
  });

  it('hands on no catalog too large for the state Step Functions passes on: each later layer step then asks for its own models', async () => {
    setup();
    // Published columns enough to pass the limit: about 150 KB as JSON.
    const many = Array.from({ length: 3000 }, (_, index) => ['analytics.fact_activities', `a_column_named_at_some_length_${index}`, 'character varying']);
    const staging = await drive('Staging', new LayerBuildStep({ layer: 'staging', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry }), (_sqls, index) =>
      index === 0 ? { results: { 1: { columns: resultColumns({ relation_name: 'varchar', column_name: 'varchar', data_type: 'varchar' }), rows: many } } } : {},
    );
    const handed = staging.at(-1)?.run;
    expect(handed).toEqual(run);
    expect(Buffer.byteLength(JSON.stringify(staging.at(-1)), 'utf8')).toBeLessThan(CARRIED_CATALOG_LIMIT_BYTES);
    const before = api.submitted.length;
    await drive('Facts', new LayerBuildStep({ layer: 'facts', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry }), () => ({}), handed);
    const asked = api.submitted[before]?.sqls[0] ?? '';
    expect(asked).toContain('pg_catalog.pg_class');
    expect(asked).toContain("'analytics.fact_activities'");
    expect(asked).not.toContain("'staging.stg_crm_activities'");
  });

  it('builds an incremental model whole when a past day was re-landed since its last build, says so, and keeps its state row pending for Publish', async () => {
    setup();
    const incrementalPlan: RunPlan = {
      ...plan,
      plan: { ...plan.plan, models: plan.plan.models.map((model) => (model.name === 'fact_deals' ? { ...model, config: { ...model.config, materialized: 'incremental' as const, uniqueKey: ['deal_id'] }, logicFingerprint: FINGERPRINT } : model)) },
    };
    await drive('Facts', new LayerBuildStep({ layer: 'facts', runPlan: incrementalPlan, runId: run.runId, fullRefresh: false, telemetry }), (_sqls, index) =>
      index === 0
        ? {
            results: {
              0: { columns: [{ name: 'relation_name', type: 'varchar' }, { name: 'kind', type: 'varchar' }], rows: [['analytics.fact_deals', 'table']] },
              1: { columns: [{ name: 'relation_name', type: 'varchar' }, { name: 'column_name', type: 'varchar' }], rows: [['analytics.fact_deals', 'deal_id']] },
              2: { columns: STATE_COLUMNS, rows: [['model.crm.fact_deals', '2026-11-23', '2026-11-20 deals', FINGERPRINT]] },
            },
          }
        : {},
    );
    const [catalog, build, record] = api.submitted;
    // The state query reaches the raw tables through the staging models fact_deals reads.
    expect(catalog?.sqls[2]).toContain("relanded.table_name in ('accounts', 'deals'");
    expect(build?.sqls.some((sql) => sql.includes('fact_deals__inc'))).toBe(false);
    expect(build?.sqls).toContainEqual(expect.stringMatching(/^create table "analytics"\."fact_deals__wap"/));
    const sqls = record?.sqls ?? [];
    expect(sqls.find((sql) => sql.includes("'model.crm.fact_deals'") && sql.startsWith('insert into audit.model_runs'))).toContain(
      'built as analytics.fact_deals__wap (full: raw.deals day 2026-11-20 re-landed since the last build); published by the Publish step',
    );
    expect(sqls).toContainEqual(expect.stringMatching(/^create table if not exists audit\.incremental_state_pending/));
    expect(sqls).toContainEqual(expect.stringMatching(/^delete from audit\.incremental_state_pending where run_id = 'run-2026-11-24' and model_id in \(.*'model\.crm\.fact_deals'/));
    const pending = sqls.find((sql) => sql.startsWith('insert into audit.incremental_state_pending') && sql.includes("'model.crm.fact_deals'"));
    expect(pending).toContain("select 'model.crm.fact_deals', 'run-2026-11-24', cast('2026-11-24' as date), newest.loaded_through, newest.ingest_through, true,");
    expect(pending).toContain('select max(_loaded_at) as loaded_through, max(_ingest_date) as ingest_through from "raw"."deals"');
    // The row carries the fingerprint of the logic the model was built with, which Publish copies.
    expect(pending).toMatch(new RegExp(`^insert into audit\\.incremental_state_pending \\(.*, logic_fingerprint\\)\\nselect .*, '${FINGERPRINT}'\\n`));
    expect(sqls.find((sql) => sql.startsWith('create table if not exists audit.incremental_state_pending'))).toContain('logic_fingerprint varchar(64)');
  });

  it("builds an incremental model whole when its logic changed since its last build, and says so", () => {
    const model = plan.plan.models.find((candidate) => candidate.name === 'fact_activities');
    if (model === undefined || model.logicFingerprint === undefined) throw new Error('no incremental fact_activities with a fingerprint');
    const step = new LayerBuildStep({ layer: 'facts', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry: new RecordingTelemetry() });
    const recorded = { runDate: '2026-11-23', relanded: null, logicFingerprint: model.logicFingerprint };
    const existing = { [qualified(model.relation)]: 'table' as const };
    expect(step.decision(model, { existing, states: { [model.id]: recorded } }).kind).toBe('increment');
    expect(step.decision(model, { existing, states: { [model.id]: { ...recorded, logicFingerprint: FINGERPRINT } } })).toEqual({
      kind: 'table',
      reason: "full: the model's logic changed since the last build (its SQL, a var or a macro it reads, or a model it reads)",
    });
  });
});

describe('quality checks', () => {
  const VERDICT_COLUMNS = resultColumns({ test_id: 'varchar', test_name: 'varchar', severity: 'varchar', status: 'varchar', failures: 'int8' });
  const isVerdictRead = (sql: string): boolean => sql.startsWith('select test_id, test_name');
  /** The batch ends; when it reads the verdicts, they are `rows`. */
  const verdicts = (sqls: readonly string[], rows: (string | number)[][]): ScriptedStatement => {
    const index = sqls.findIndex(isVerdictRead);
    return index < 0 ? {} : { results: { [index]: { columns: VERDICT_COLUMNS, rows } } };
  };
  const checksStep = (): QualityChecksStep => new QualityChecksStep({ runPlan: plan, runId: run.runId, checkedAt: new Date(run.startedAt), telemetry });
  /** The ids of the tests whose verdict a statement inserts. */
  const testIdsIn = (sql: string): string[] => plan.plan.tests.filter((test) => sql.includes(`'${test.id}'`)).map((test) => test.id);
  const isBatched = (sql: string): boolean => sql.includes('cross join (select 0 as test_index');
  /** Batch 0 reads what landed since the source tests' last verdicts (none is scripted: every test reads its whole table). */
  const FIRST_CHECK = 1;
  const checkBatches = (): { sqls: string[] }[] => api.submitted.slice(FIRST_CHECK);

  function allPass(): (string | number)[][] {
    return plan.plan.tests.map((test) => [test.id, test.name, test.severity, 'pass', 0]);
  }

  it("records every verdict against the staged relations, the tests of one relation with one statement, then reads the verdicts in the last batch", async () => {
    setup();
    await drive('QualityChecks', checksStep(), (sqls) => verdicts(sqls, allPass()));
    const statements = checkBatches().flatMap((batch) => batch.sqls);
    const checks = statements.filter((sql) => !isVerdictRead(sql));
    // Every test's verdict is inserted by exactly one statement.
    const inserts = checks.filter((sql) => sql.startsWith('insert into audit.check_results'));
    expect(inserts.flatMap(testIdsIn).sort()).toEqual(plan.plan.tests.map((test) => test.id).sort());
    // A test that stores its failures (store_failures) runs alone: it creates the schema, drops and fills its table.
    const storing = plan.plan.tests.filter((test) => test.storeFailuresIn !== undefined);
    expect(checks).toContain(`create schema if not exists "${storing[0]?.storeFailuresIn?.schema}"`);
    expect(checks).toHaveLength(inserts.length + 3 * storing.length);
    // Most tests are counted with the others of their relation: far fewer statements than tests.
    const batched = inserts.filter(isBatched);
    for (const sql of batched) expect(testIdsIn(sql).length).toBeGreaterThan(1);
    expect(checks.length).toBeLessThan(plan.plan.tests.length / 3);
    const notNull = batched.find((sql) => sql.includes("'test.crm.not_null_fact_deals_deal_id'"));
    expect(notNull).toMatch(/^insert into audit\.check_results/);
    expect(notNull).toContain('from "analytics"."fact_deals__wap"');
    expect(notNull).not.toMatch(/"analytics"\."fact_deals"[^_]/);
    expect(notNull).toContain("cast('2026-11-24 03:00:00.000' as timestamp)");
    // One read of the verdicts, the last statement of the last batch.
    expect(statements.filter(isVerdictRead)).toEqual([api.last().sqls.at(-1)]);
    expect(Math.max(...api.submitted.map((batch) => batch.sqls.length))).toBeLessThanOrEqual(40);
    // Fewer batches than one statement per test would take.
    expect(checkBatches().length).toBeLessThan(Math.ceil(plan.plan.tests.length / 40));
    expect(telemetry.metrics.filter((metric) => metric.name === 'CheckFailures')).toEqual([
      { name: 'CheckFailures', unit: 'Count', value: 0, dimensions: { Severity: 'error' } },
      { name: 'CheckFailures', unit: 'Count', value: 0, dimensions: { Severity: 'warn' } },
    ]);
  });

  it("has the source tests read only what landed since their last clean verdicts, those of one table with one verdict in one scan, and records the source tests' verdicts before reading them", async () => {
    setup();
    const raw = plan.plan.tests.filter((test) => test.landedAudit !== undefined && test.attachedTo === 'source.crm.tickets');
    const named = (part: string): PlanTest => {
      const test = raw.find((candidate) => candidate.name.includes(part));
      if (test === undefined) throw new Error(`no landed test of raw tickets named like ${part}`);
      return test;
    };
    const [id, priority, status] = [named('not_null_crm_tickets_ticket_id'), named('priority'), named('status')];
    const landed = {
      results: {
        0: { columns: resultColumns({ source_id: 'varchar', loaded_through: 'varchar' }), rows: [['source.crm.tickets', '2026-11-23 03:00:00']] },
        1: {
          columns: resultColumns({ test_id: 'varchar', test_fingerprint: 'varchar', failures: 'int8', loaded_through: 'varchar' }),
          // The status test's last verdict found failing rows, so it reads its whole table, as do the tests without a verdict.
          rows: [id, priority, status].map((test) => [test.id, testFingerprint(test), test === status ? 4 : 0, '2026-11-22 03:00:00']),
        },
      },
    };
    await drive('QualityChecks', checksStep(), (sqls, batch) => (batch === 0 ? landed : verdicts(sqls, allPass())));
    expect(api.submitted[0]?.sqls).toEqual([expect.stringContaining('max(_loaded_at)'), expect.stringContaining('from audit.test_state')]);
    const checks = checkBatches().flatMap((batch) => batch.sqls).filter((sql) => sql.startsWith('insert into audit.check_results'));
    const reading = (test: PlanTest): string[] => checks.filter((sql) => testIdsIn(sql).includes(test.id));
    const [narrowed] = reading(id);
    expect(reading(id)).toHaveLength(1);
    expect(testIdsIn(narrowed ?? '')).toEqual([id.id, priority.id]);
    expect(narrowed).toContain("landed._loaded_at > cast('2026-11-22 03:00:00' as timestamp)");
    const [whole] = reading(status);
    // With the table's other tests that read every row (its not_empty among them).
    expect(testIdsIn(whole ?? '')).toEqual(expect.arrayContaining([status.id, named('created_at').id, 'test.crm.source_not_empty_crm_tickets']));
    expect(testIdsIn(whole ?? '')).not.toContain(id.id);
    expect(whole).not.toContain('_loaded_at >');
    // The record: only the raw tickets' tests (the one table read), the narrowed ones marked so, then the verdicts read.
    const closing = api.last().sqls.slice(-3);
    expect(closing[0]).toMatch(/^delete from audit\.test_state where run_id = 'run-2026-11-24' and test_id in \(/);
    expect(testIdsIn(closing[1] ?? '').sort()).toEqual(raw.map((test) => test.id).sort());
    expect(closing[1]).toContain(`select '${id.id}' as test_id, '${testFingerprint(id)}' as test_fingerprint, true as narrowed, cast('2026-11-23 03:00:00' as timestamp) as loaded_through`);
    expect(closing[1]).toContain(`select '${status.id}' as test_id, '${testFingerprint(status)}' as test_fingerprint, false as narrowed,`);
    expect(isVerdictRead(closing[2] ?? '')).toBe(true);
  });

  it('reads whole tables and records no source verdict when what landed could not be read', async () => {
    setup();
    await drive('QualityChecks', checksStep(), (sqls, batch) =>
      batch === 0 ? { status: 'FAILED', error: 'relation "audit.test_state" does not exist', subStatements: [{}, { Status: 'FAILED', Error: 'ERROR: relation "audit.test_state" does not exist' }] } : verdicts(sqls, allPass()),
    );
    const statements = checkBatches().flatMap((batch) => batch.sqls);
    expect(statements.filter((sql) => sql.includes('_loaded_at >'))).toEqual([]);
    expect(statements.filter((sql) => sql.includes('audit.test_state'))).toEqual([]);
    expect(statements.filter((sql) => sql.startsWith('insert into audit.check_results')).flatMap(testIdsIn).sort()).toEqual(plan.plan.tests.map((test) => test.id).sort());
    expect(telemetry.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining("could not read what landed since the source tests' last verdicts") }));
  });

  it('stops the run before Publish when an error-severity check failed', async () => {
    setup();
    const rows = allPass();
    const failing = rows.findIndex((row) => row[2] === 'error');
    rows[failing] = [rows[failing]?.[0] ?? '', rows[failing]?.[1] ?? '', 'error', 'fail', 3];
    await expect(drive('QualityChecks', checksStep(), (sqls) => verdicts(sqls, rows))).rejects.toMatchObject({
      name: 'QualityChecksFailed',
      message: expect.stringContaining(`${String(rows[failing]?.[1])} (3 failing rows)`),
    });
    expect(telemetry.metrics).toContainEqual({ name: 'CheckFailures', unit: 'Count', value: 1, dimensions: { Severity: 'error' } });
  });

  it('records and reports warnings but goes on', async () => {
    setup();
    const rows = allPass();
    const warning = rows.findIndex((row) => row[2] === 'warn');
    rows[warning] = [rows[warning]?.[0] ?? '', rows[warning]?.[1] ?? '', 'warn', 'warn', 7];
    const responses = await drive('QualityChecks', checksStep(), (sqls) => verdicts(sqls, rows));
    expect(responses.at(-1)?.step.done).toBe(true);
    expect(telemetry.lines).toContainEqual({ level: 'warn', message: 'data check warned', details: { test: rows[warning]?.[1], failures: 7 } });
  });

  it('runs a unique test alone when its screen found duplicates (its batch wrote no verdict), then reads the verdicts again', async () => {
    setup();
    const unique = plan.plan.tests.find((test) => test.name === 'unique_dim_accounts_account_id');
    if (unique === undefined) throw new Error('no unique_dim_accounts_account_id');
    const rows = allPass();
    const withoutUnique = rows.filter((row) => row[0] !== unique.id);
    const failedUnique = rows.map((row) => (row[0] === unique.id ? [unique.id, unique.name, 'error', 'fail', 2] : row));
    let reads = 0;
    await expect(
      drive('QualityChecks', checksStep(), (sqls) => (sqls.some(isVerdictRead) ? verdicts(sqls, (reads += 1) === 1 ? withoutUnique : failedUnique) : {})),
    ).rejects.toMatchObject({ name: 'QualityChecksFailed', failedTests: [`${unique.name} (2 failing rows)`] });
    const batchedUnique = checkBatches().slice(0, -1).flatMap((batch) => batch.sqls).find((sql) => isBatched(sql) && sql.includes(`'${unique.id}'`));
    // In its batch, the screen writes a row only where it counted no duplicate.
    expect(batchedUnique).toMatch(/\(tests\.test_index <> \d+ or counted\.failures_\d+ = 0\)/);
    const last = api.last().sqls;
    expect(last).toHaveLength(2);
    expect(testIdsIn(last[0] ?? '')).toEqual([unique.id]);
    expect(last[0]).toContain('group by account_id');
    expect(last[0]).not.toContain('cross join');
    expect(isVerdictRead(last[1] ?? '')).toBe(true);
  });

  it('refuses to judge a run whose verdicts are missing', async () => {
    setup();
    // A test run alone (a singular test) whose verdict is missing.
    const alone = plan.plan.tests.find((test) => test.failureAggregate === undefined);
    await expect(
      drive('QualityChecks', checksStep(), (sqls) => verdicts(sqls, allPass().filter((row) => row[0] !== alone?.id))),
    ).rejects.toThrow(/expected \d+ check verdicts/);
  });

  /** The first check batch fails at its `index`-th statement (Redshift names it); every later batch ends well. */
  const firstBatchFailsAt = (index: number) => (sqls: readonly string[], batch: number): ScriptedStatement =>
    batch === FIRST_CHECK
      ? { status: 'FAILED', error: 'batch failed', subStatements: sqls.map((_, position) => (position === index ? { Status: 'FAILED', Error: 'ERROR: division by zero' } : { Status: 'ABORTED' })) }
      : verdicts(sqls, allPass());

  it("runs every test of a check batch alone when a batched statement failed, then goes on with the next batches", async () => {
    setup();
    await drive('QualityChecks', checksStep(), (sqls) => verdicts(sqls, allPass()));
    const planned = checkBatches().map((batch) => batch.sqls);
    const firstBatch = planned[0] ?? [];
    const failing = firstBatch.findIndex(isBatched);
    api.mock.reset();
    setup();

    const responses = await drive('QualityChecks', checksStep(), firstBatchFailsAt(failing));
    expect(responses.at(-1)?.step.done).toBe(true);
    // After the failed batch, its tests alone (no batched statement), as many batches as they need, then the other check batches unchanged.
    const fallback = checkBatches().slice(1, checkBatches().length - (planned.length - 1)).map((batch) => batch.sqls);
    expect(fallback.length).toBeGreaterThan(0);
    expect(fallback.flat().filter(isBatched)).toEqual([]);
    expect(fallback.flat().flatMap(testIdsIn).sort()).toEqual(firstBatch.flatMap(testIdsIn).sort());
    expect(api.submitted.slice(-(planned.length - 1)).map((batch) => batch.sqls)).toEqual(planned.slice(1));
    expect(telemetry.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'a batch of data checks failed; its tests run alone', details: expect.objectContaining({ batch: 1, error: expect.stringContaining('division by zero') }) }));
  });

  it('fails the run when the statement that failed runs one test alone', async () => {
    setup();
    await drive('QualityChecks', checksStep(), (sqls) => verdicts(sqls, allPass()));
    const firstBatch = checkBatches()[0]?.sqls ?? [];
    const alone = firstBatch.findIndex((sql) => sql.startsWith('insert into audit.check_results') && !isBatched(sql));
    expect(alone).toBeGreaterThanOrEqual(0);
    api.mock.reset();
    setup();
    const test = plan.plan.tests.find((candidate) => candidate.id === testIdsIn(firstBatch[alone] ?? '')[0]);
    await expect(drive('QualityChecks', checksStep(), firstBatchFailsAt(alone))).rejects.toMatchObject({
      name: 'StatementFailed',
      message: expect.stringMatching(new RegExp(`^data check ${test?.name} \\(${test?.path}\\) could not run: [\\s\\S]*division by zero`)),
    });
    expect(checkBatches()).toHaveLength(1);
  });

  it('stops the run when a check batch was cancelled, rather than running its tests again', async () => {
    setup();
    await expect(drive('QualityChecks', checksStep(), (_sqls, batch) => (batch === FIRST_CHECK ? { status: 'ABORTED' } : {}))).rejects.toMatchObject({
      name: 'StatementFailed',
      message: expect.stringContaining('ended as ABORTED'),
    });
    expect(checkBatches()).toHaveLength(1);
  });

  it('runs every test of a check batch alone when Redshift did not say which statement failed', async () => {
    setup();
    const responses = await drive('QualityChecks', checksStep(), (sqls, batch) => (batch === FIRST_CHECK ? { status: 'FAILED', error: 'batch failed' } : verdicts(sqls, allPass())));
    expect(responses.at(-1)?.step.done).toBe(true);
    expect(checkBatches()[1]?.sqls.filter(isBatched)).toEqual([]);
    expect(testIdsIn(checkBatches()[1]?.sqls[0] ?? '')).toHaveLength(1);
  });

  it('fails the run when a test run alone after its batch failed fails too', async () => {
    setup();
    await drive('QualityChecks', checksStep(), (sqls) => verdicts(sqls, allPass()));
    const failing = (checkBatches()[0]?.sqls ?? []).findIndex(isBatched);
    api.mock.reset();
    setup();
    const everyBatchFails = (sqls: readonly string[], batch: number): ScriptedStatement => batch < FIRST_CHECK ? {} : ({
      status: 'FAILED',
      error: 'batch failed',
      subStatements: sqls.map((_, position) => (position === (sqls.some(isBatched) ? failing : 0) ? { Status: 'FAILED', Error: 'ERROR: division by zero' } : {})),
    });
    await expect(drive('QualityChecks', checksStep(), everyBatchFails)).rejects.toMatchObject({ name: 'StatementFailed', message: expect.stringContaining('each test alone 1/') });
    expect(checkBatches()).toHaveLength(2);
  });
});

describe('publish', () => {
  const kinds = (rows: [string, string][]): ScriptedStatement => ({
    results: { 0: { columns: [{ name: 'relation_name', type: 'varchar' }, { name: 'kind', type: 'varchar' }], rows } },
  });
  const kpis = (sqls: readonly string[]): ScriptedStatement => ({
    results: {
      [sqls.length - 1]: {
        columns: ['pipeline_value', 'win_rate_percent', 'revenue', 'sla_compliance_percent', 'ticket_backlog'].map((name) => ({ name, type: 'numeric' as const })),
        rows: [['1250000.50', '31.25', '980000.00', null, 12]],
      },
    },
  });
  /** Every model of the plan already published, as its own kind: the second and every later run. */
  const everythingPublished = (): [string, string][] =>
    plan.plan.models.map((model) => [`${model.relation.schema}.${model.relation.name}`, model.config.materialized === 'view' ? 'view' : 'table']);
  const withGrants = (grants: Readonly<Record<string, readonly string[]>>): RunPlan => ({
    ...plan,
    plan: { ...plan.plan, models: plan.plan.models.map((model) => (grants[model.name] ? { ...model, config: { ...model.config, grants: { select: grants[model.name] as readonly string[] } } } : model)) },
  });

  it('swaps a fully published warehouse in ONE transaction: the queued swap runs in a single CALL, however many statements it has', async () => {
    setup();
    const step = new PublishStep({ runPlan: plan, runId: run.runId, telemetry });
    await drive('Publish', step, (sqls, index) => (index === 0 ? kinds(everythingPublished()) : sqls.at(-1)?.includes('pipeline_value') ? kpis(sqls) : {}));

    const queued = step.queuedStatements(Object.fromEntries(everythingPublished()) as never);
    // More than one BatchExecuteStatement could hold: two batches would be two transactions.
    expect(queued.length).toBeGreaterThan(40);
    const calls = api.submitted.filter((batch) => batch.sqls.some((sql) => sql.startsWith('call ')));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.sqls).toEqual(["call audit.publish_run('run-2026-11-24')"]);
    // Nothing before the CALL touches a published relation: only the queue, the procedure and `__pub` views.
    const before = api.submitted.slice(1, api.submitted.indexOf(calls[0] as never)).flatMap((batch) => batch.sqls);
    for (const sql of before) expect(sql).toMatch(/^(create table if not exists audit\.publish_statements|create or replace procedure audit\.publish_run|delete from audit\.publish_statements|insert into audit\.publish_statements|create or replace view "staging"\."\w+__pub")/);
    const queuedText = before.filter((sql) => sql.startsWith('insert into audit.publish_statements')).join('\n');
    for (const model of plan.plan.models) expect(queuedText).toContain(`rename to "${model.name}"`);
    expect(queued.map((statement) => statement.sql)).toContain('drop table "analytics"."fact_deals"');
    expect(queued.map((statement) => statement.sql)).toContain('alter table "analytics"."fact_deals__wap" rename to "fact_deals"');
    expect(queued.map((statement) => statement.sql)).toContain('drop view "staging"."stg_crm_accounts"');
    expect(queued.map((statement) => statement.sql)).toContain('alter table "staging"."stg_crm_accounts__pub" rename to "stg_crm_accounts"');
    const pubView = before.find((sql) => sql.startsWith('create or replace view "staging"."stg_crm_accounts__pub" as'));
    expect(pubView).toBeDefined();
    expect(pubView).not.toContain('__wap');
    expect(api.submitted.at(-1)?.sqls).toContain('drop view if exists "staging"."stg_crm_accounts__wap"');
    expect(telemetry.metrics).toEqual(
      expect.arrayContaining([
        { name: 'PipelineValue', unit: 'None', value: 1250000.5 },
        { name: 'WinRatePercent', unit: 'Percent', value: 31.25 },
        { name: 'Revenue', unit: 'None', value: 980000 },
        { name: 'TicketBacklog', unit: 'Count', value: 12 },
      ]),
    );
    expect(telemetry.metrics.some((metric) => metric.name === 'SlaCompliancePercent')).toBe(false);
  });

  it("publishes the run's pending incremental state in the same transaction, after the swaps, only when the run has incremental models", () => {
    const incrementalPlan: RunPlan = {
      ...plan,
      plan: { ...plan.plan, models: plan.plan.models.map((model) => (model.name === 'fact_deals' ? { ...model, config: { ...model.config, materialized: 'incremental' as const, uniqueKey: ['deal_id'] }, logicFingerprint: FINGERPRINT } : model)) },
    };
    const existing = Object.fromEntries(everythingPublished()) as never;
    const queued = new PublishStep({ runPlan: incrementalPlan, runId: run.runId, telemetry: new RecordingTelemetry() }).queuedStatements(existing).map((statement) => statement.sql);
    expect(queued.slice(-2)).toEqual([
      `insert into audit.incremental_state (model_id, run_id, run_date, loaded_through, ingest_through, full_refresh, recorded_at, logic_fingerprint)
select model_id, run_id, run_date, loaded_through, ingest_through, full_refresh, recorded_at, logic_fingerprint from audit.incremental_state_pending where run_id = 'run-2026-11-24'`,
      'delete from audit.incremental_state_pending',
    ]);
    const withoutIncremental = { ...plan, plan: { ...plan.plan, models: plan.plan.models.map((model) => ({ ...model, config: { ...model.config, materialized: model.config.materialized === 'incremental' ? ('table' as const) : model.config.materialized } })) } };
    const plain = new PublishStep({ runPlan: withoutIncremental, runId: run.runId, telemetry: new RecordingTelemetry() }).queuedStatements(existing);
    expect(plain.some((statement) => statement.sql.includes('incremental_state'))).toBe(false);
  });

  it('keeps one CALL for 150 models: only the preparation grows', () => {
    const model = plan.plan.models.find((candidate) => candidate.config.materialized === 'table');
    if (model === undefined) throw new Error('the project has tables');
    const many = Array.from({ length: 150 }, (_, index) => ({ ...model, id: `model.crm.t${index}`, name: `t${index}`, relation: { schema: 'analytics', name: `t${index}` } }));
    const big: RunPlan = { ...plan, plan: { ...plan.plan, models: many }, selection: { ...plan.selection, models: many.map((candidate) => candidate.id) } };
    const step = new PublishStep({ runPlan: big, runId: run.runId, telemetry: new RecordingTelemetry() });
    const existing = Object.fromEntries(many.map((candidate) => [`analytics.${candidate.name}`, 'table' as const]));
    expect(step.queuedStatements(existing)).toHaveLength(300);
    const preparation = step.preparationBatches(existing);
    for (const batch of preparation) expect(batch.sqls.length).toBeLessThanOrEqual(40);
    const inserted = preparation.flatMap((batch) => batch.sqls).filter((sql) => sql.startsWith('insert into')).join('\n');
    expect(inserted).toContain("('run-2026-11-24', 300, 'alter table \"analytics\".\"t149__wap\" rename to \"t149\"')");
  });

  it("grants each model's readers again in the same transaction, after its swap", () => {
    const granted = withGrants({ dim_accounts: ['role:bi_readers', 'analyst', 'group:finance'] });
    const step = new PublishStep({ runPlan: granted, runId: run.runId, telemetry: new RecordingTelemetry() });
    const model = granted.plan.models.find((candidate) => candidate.name === 'dim_accounts');
    if (model === undefined) throw new Error('dim_accounts is in the plan');
    expect(step.swapStatements(model, 'table')).toEqual([
      'drop table "analytics"."dim_accounts"',
      'alter table "analytics"."dim_accounts__wap" rename to "dim_accounts"',
      'grant select on "analytics"."dim_accounts" to role "bi_readers"',
      'grant select on "analytics"."dim_accounts" to "analyst"',
      'grant select on "analytics"."dim_accounts" to group "finance"',
    ]);
  });

  it('reads the KPIs only when the run publishes the marts they come from', async () => {
    const selected = await crmRunPlan(['+dim_accounts']);
    const step = new PublishStep({ runPlan: selected, runId: run.runId, telemetry: new RecordingTelemetry() });
    expect(step.kpiQuery()).toBeUndefined();
    expect(step.cleanupStatements().join('\n')).not.toContain('mart_');
    expect(new PublishStep({ runPlan: plan, runId: run.runId, telemetry: new RecordingTelemetry() }).kpiQuery()).toContain('from marts.mart_sales_pipeline');
  });

  it('replaces a published table by a view and a published view by a table', () => {
    const step = new PublishStep({ runPlan: plan, runId: run.runId, telemetry: new RecordingTelemetry() });
    const view = plan.plan.models.find((model) => model.config.materialized === 'view');
    const table = plan.plan.models.find((model) => model.config.materialized === 'table');
    if (view === undefined || table === undefined) throw new Error('the project has both kinds');
    expect(step.swapStatements(view, 'table')).toEqual([
      `drop table "${view.relation.schema}"."${view.relation.name}"`,
      `alter table "${view.relation.schema}"."${view.relation.name}__pub" rename to "${view.relation.name}"`,
    ]);
    expect(step.swapStatements(table, 'view')).toEqual([
      `drop view "${table.relation.schema}"."${table.relation.name}"`,
      `alter table "${table.relation.schema}"."${table.relation.name}__wap" rename to "${table.relation.name}"`,
    ]);
  });
});

describe('bootstrap grants', () => {
  const grants = (enabled: boolean): BootstrapGrantsStep =>
    new BootstrapGrantsStep({
      enabled,
      databaseRole: 'crm_pipeline',
      pipelineRoleName: 'CrmWarehouse-PipelineRole-AB12',
      database: 'warehouse',
      landingReaderRoleArn: 'arn:aws:iam::123456789012:role/reader',
    });
  const present = (role: number, user: number): ScriptedStatement => ({
    results: { 0: { columns: [{ name: 'role_present', type: 'int8' }, { name: 'user_present', type: 'int8' }], rows: [[role, user]] } },
  });

  it('creates the role and the IAMR user when missing, grants the role to the user, CREATE, and COPY with the reader role only to the role, as the admin', async () => {
    setup();
    await drive('Bootstrap', grants(true), (_sqls, index) => (index === 0 ? present(0, 0) : {}));
    expect(api.submitted.map((batch) => batch.sqls)).toEqual([
      [
        `select (select count(*) from svv_roles where role_name = 'crm_pipeline') as role_present,
       (select count(*) from pg_user where usename = 'IAMR:CrmWarehouse-PipelineRole-AB12') as user_present`,
      ],
      [
        'create role "crm_pipeline"',
        'create user "IAMR:CrmWarehouse-PipelineRole-AB12" password disable',
        'grant role "crm_pipeline" to "IAMR:CrmWarehouse-PipelineRole-AB12"',
        'grant create on database "warehouse" to role "crm_pipeline"',
        `revoke assumerole on 'arn:aws:iam::123456789012:role/reader' from public for all`,
        `grant assumerole on 'arn:aws:iam::123456789012:role/reader' to role "crm_pipeline" for copy`,
      ],
    ]);
    expect(api.submitted.every((batch) => batch.secretArn === 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin')).toBe(true);
  });

  it('only grants when the role and the user exist (Redshift has no CREATE ROLE/USER IF NOT EXISTS)', async () => {
    setup();
    await drive('Bootstrap', grants(true), (_sqls, index) => (index === 0 ? present(1, 1) : {}));
    expect(api.submitted[1]?.sqls[0]).toBe('grant role "crm_pipeline" to "IAMR:CrmWarehouse-PipelineRole-AB12"');
    expect(api.submitted[1]?.sqls.some((sql) => sql.startsWith('create '))).toBe(false);
  });

  it('submits nothing without an admin secret', async () => {
    setup();
    const responses = await drive('Bootstrap', grants(false));
    expect(responses).toHaveLength(1);
    expect(api.submitted).toEqual([]);
  });
});

describe('finished batches', () => {
  it('turns a failed batch into StatementFailed naming the failing statement', async () => {
    setup();
    const step = new LayerBuildStep({ layer: 'dimensions', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry });
    await expect(
      // Batch 0 reads the catalog; the build fails.
      drive('Dimensions', step, (_sqls, batch) => (batch === 0 ? {} : { status: 'FAILED', error: 'batch failed', subStatements: [{}, { Status: 'FAILED', Error: 'ERROR: column "amount_usd" does not exist' }] })),
    ).rejects.toMatchObject({ name: 'StatementFailed', message: expect.stringMatching(/'build dimensions 1'.*rolled back[\s\S]*statement 2 of \d+[\s\S]*amount_usd/) });
  });

  it('turns an aborted batch into StatementFailed', async () => {
    setup();
    await expect(drive('Facts', new LayerBuildStep({ layer: 'facts', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry }), () => ({ status: 'ABORTED' }))).rejects.toMatchObject({
      name: 'StatementFailed',
      message: expect.stringContaining('ended as ABORTED'),
    });
  });

  it('asks again (retryable) when called while the batch still runs', async () => {
    setup();
    await expect(drive('Facts', new LayerBuildStep({ layer: 'facts', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry }), () => ({ status: 'STARTED' }))).rejects.toMatchObject({
      name: 'PipelineTransient',
    });
  });

  it('makes a throttled submit retryable for the state machine', async () => {
    setup();
    const { BatchExecuteStatementCommand } = await import('@aws-sdk/client-redshift-data');
    api.mock.on(BatchExecuteStatementCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(drive('Facts', new LayerBuildStep({ layer: 'facts', runPlan: plan, runId: run.runId, fullRefresh: false, telemetry }))).rejects.toMatchObject({
      name: 'PipelineThrottled',
    });
  });

  it('makes a describe refused for too many waiting requests retryable for the state machine', async () => {
    setup();
    const { DescribeStatementCommand } = await import('@aws-sdk/client-redshift-data');
    const batches = new DataApiBatches(api.client, { workgroupName: 'crmwarehouse', database: 'warehouse' });
    api.mock.on(DescribeStatementCommand).rejects(Object.assign(new Error('Too many waiting requests'), { name: 'ActiveWaitingRequestsExceededException' }));
    await expect(batches.finished('stmt-1')).rejects.toMatchObject({ name: 'PipelineThrottled', message: expect.stringContaining('DescribeStatement was refused') });
  });
});

describe('the run plan', () => {
  it('is compiled again by every step and must match the checksum Bootstrap recorded', async () => {
    const project = await crmProject();
    expect(verifiedRunPlan(project, { runDate: '2026-11-24', select: [], planChecksum: plan.checksum }).checksum).toBe(plan.checksum);
    expect(() => verifiedRunPlan(project, { runDate: '2026-11-25', select: [], planChecksum: plan.checksum })).toThrow(
      expect.objectContaining({ name: 'PlanChanged', message: expect.stringContaining('redeployed during the run') }),
    );
  });

  it('refuses a selector that matches nothing as invalid input', async () => {
    await expect(crmRunPlan(['fact_dels'])).rejects.toMatchObject({ name: 'InvalidRunInput' });
  });
});
