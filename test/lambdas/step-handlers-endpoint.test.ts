/**
 * Every step Lambda handler (Bootstrap, LoadRawDay, SourceFreshness, the layers, QualityChecks, Scoring,
 * Publish), with the real Redshift Data API client, against the in-process local Data API endpoint: each step's
 * loop driven as the state machine drives it (invoke, poll DescribeStatement until the batch ended,
 * invoke again with its id). Two daily runs of a small landing, the second publishing into a
 * warehouse where everything is already published, with a reader granted on the published
 * relations (`grants:`) who can still select after both. The whole project and the state machine
 * itself are walked in daily-run.e2e-endpoint.conformance.ts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PGlite } from '@electric-sql/pglite';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateLanding } from '../../lib/generate/index.ts';
import { stepEntry } from '../../lib/infra/pipeline.ts';
import { bundledProjectJson } from '../../lib/pipeline/bundled-project.ts';
import { layerStepName, pipelineSteps, RUNNING_STATEMENT_STATES, type PipelineStepName, type RunContext, type StepRequest, type StepResponse } from '../../lib/pipeline/pipeline-contract.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { compileRunPlan } from '../../lib/pipeline/run-plan.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { localS3 } from './local-s3.ts';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const REGION = 'us-east-1';
const PIPELINE_IDENTITY = 'pipeline-role';
const READER = 'crm_analyst';
/** The whole project: a selection would also select singular tests reading models it leaves out. */
const SELECT: string[] = [];
const LAYER_NAMES = (await loadProject(REPOSITORY)).config.layers.map((layer) => layer.name);
const LAYERS = new Map(LAYER_NAMES.map((layer) => [layerStepName(layer), layer]));
const PIPELINE_STEPS = pipelineSteps(LAYER_NAMES);

type Handler = (request: StepRequest) => Promise<StepResponse>;

describe('the step handlers against the local Data API endpoint', () => {
  const sfn = mockClient(SFNClient);
  let s3Root: string;
  let database: PGlite;
  let endpoint: DataApiEndpoint;
  let client: RedshiftDataClient;
  let runDate: string;
  const invocations: Partial<Record<PipelineStepName, number>> = {};

  const query = async (sql: string): Promise<Record<string, unknown>[]> => (await database.query<Record<string, unknown>>(sql)).rows;

  /** Polls as the state machine's loop does, until the batch is no longer running. */
  async function waitForBatch(id: string): Promise<void> {
    for (let polls = 0; polls < 10_000; polls += 1) {
      const { Status } = await client.send(new DescribeStatementCommand({ Id: id }));
      if (!(RUNNING_STATEMENT_STATES as readonly string[]).includes(Status ?? '')) return;
      await new Promise((done) => setTimeout(done, 5));
    }
    throw new Error(`statement ${id} never ended`);
  }

  async function runStep(step: PipelineStepName, run: RunContext | Record<string, never>, execution: StepRequest['execution']): Promise<RunContext> {
    const layer = LAYERS.get(step);
    if (layer !== undefined) vi.stubEnv('LAYER', layer);
    const { handler } = (await import(join(REPOSITORY, stepEntry(step)))) as { handler: Handler };
    let response = await handler({ run, step: { cursor: 0 }, execution });
    invocations[step] = (invocations[step] ?? 0) + 1;
    while (!response.step.done) {
      await waitForBatch(response.step.statementId as string);
      response = await handler({ run: response.run, step: response.step, execution });
      invocations[step] = (invocations[step] ?? 0) + 1;
    }
    return response.run;
  }

  async function dailyRun(name: string, input: { run_date: string; full_refresh?: boolean }): Promise<void> {
    const execution = {
      id: `arn:aws:states:${REGION}:123456789012:execution:CrmWarehouse-pipeline:${name}`,
      name,
      startTime: new Date().toISOString(),
      input: { ...input, select: SELECT },
    };
    let run: RunContext | Record<string, never> = {};
    for (const step of PIPELINE_STEPS) run = await runStep(step, run, execution);
  }

  beforeAll(async () => {
    const project = await loadProject(REPOSITORY);
    runDate = String(project.config.vars.run_date);
    s3Root = await mkdtemp(join(tmpdir(), 'step-handlers-s3-'));
    await generateLanding({ outDir: join(s3Root, 'landing'), scale: 0.002, days: 2, seed: 11, endDate: runDate });
    database = await PGlite.create();
    await database.exec(`create role ${READER}`);
    endpoint = await startDataApiEndpoint({ port: 0, s3Root, database });

    // The reader is granted the view and the table the selection publishes, the way a project says it.
    const granted = new Set(['stg_crm_accounts', 'dim_accounts']);
    const withGrants = { ...project, models: project.models.map((model) => (granted.has(model.name) ? { ...model, grants: { select: [READER] } } : model)) };
    const projectFile = join(s3Root, 'project.json');
    await writeFile(projectFile, bundledProjectJson(withGrants));

    const environment: Record<string, string> = {
      PROJECT_FILE: projectFile,
      WORKGROUP_NAME: 'local',
      DATABASE_NAME: 'dev',
      STATE_MACHINE_ARN: `arn:aws:states:${REGION}:123456789012:stateMachine:CrmWarehouse-pipeline`,
      DATABASE_ROLE: 'crm_pipeline',
      LANDING_READER_ROLE_ARN: 'arn:aws:iam::123456789012:role/landing-reader',
      TIME_ZONE: 'UTC',
      LANDING_BUCKET: 'landing',
      LANDING_PREFIX: 'raw/',
      MAX_LOAD_ERRORS: '1000',
      // No admin secret: the endpoint has no roles, so Bootstrap's grants are off (tested in step-programs.test.ts).
      ADMIN_SECRET_ARN: '',
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: PIPELINE_IDENTITY,
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_REDSHIFT_DATA: endpoint.url,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
    vi.stubGlobal('fetch', localS3(s3Root));
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    client = new RedshiftDataClient({ endpoint: endpoint.url, region: REGION, credentials: { accessKeyId: PIPELINE_IDENTITY, secretAccessKey: 'local' } });
  }, 120_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    sfn.restore();
    await endpoint?.close();
    await database?.close();
    if (s3Root) await rm(s3Root, { recursive: true, force: true });
  });

  it('runs every step twice, the second run publishing over the first, and the reader keeps access', async () => {
    await dailyRun('run-1', { run_date: runDate, full_refresh: true });
    const afterFirst = await query('select count(*)::int as accounts from analytics.dim_accounts');
    expect(Number(afterFirst[0]?.accounts)).toBeGreaterThan(0);

    await dailyRun('run-2', { run_date: runDate });

    for (const step of PIPELINE_STEPS) expect(invocations[step], step).toBeGreaterThanOrEqual(2);
    // The engine steps end in their first invocation; each freshness check left its rows.
    expect([invocations.SourceFreshness, invocations.Scoring]).toEqual([2, 2]);
    const freshness = await query("select run_id, count(*)::int as tables from audit.source_freshness group by run_id order by run_id");
    expect(freshness.map((row) => row.run_id)).toEqual(['run-1', 'run-2']);
    expect(Number(freshness[0]?.tables)).toBeGreaterThan(5);
    // Two days of a 0.2% landing are too little history to fit: nothing was scored or published as scores.
    expect(await query("select table_name from information_schema.tables where table_name in ('mart_account_scores', 'model_backtests')")).toEqual([]);
    expect(await query('select count(*)::int as accounts from analytics.dim_accounts')).toEqual(afterFirst);
    for (const relation of ['staging.stg_crm_accounts', 'analytics.dim_accounts']) {
      expect(await query(`select has_table_privilege('${READER}', '${relation}', 'select') as allowed`), relation).toEqual([{ allowed: true }]);
    }
    // Nothing staged is left behind, and the publish queue is empty once its CALL committed.
    const leftovers = await query(`select relname from pg_class where relname like '%\\_\\_wap' or relname like '%\\_\\_pub'`);
    expect(leftovers).toEqual([]);
    expect(await query('select count(*)::int as queued from audit.publish_statements')).toEqual([{ queued: 0 }]);
    const models = compileRunPlan(await loadProject(REPOSITORY), runDate, SELECT).selection.models.length;
    expect(models).toBeGreaterThan(30);
    const runs = await query("select run_id, count(*)::int as models from audit.model_runs where resource_type = 'model' group by run_id order by run_id");
    expect(runs).toEqual([
      { run_id: 'run-1', models },
      { run_id: 'run-2', models },
    ]);
    // Run 2 lands nothing new: each incremental model is an increment merged in the layer step, and
    // each publish recorded its state (run 1's as a full build).
    const incremental = compileRunPlan(await loadProject(REPOSITORY), runDate, SELECT).plan.models.filter((model) => model.config.materialized === 'incremental');
    expect(incremental.length).toBeGreaterThan(0);
    const increments = await query("select node_id from audit.model_runs where run_id = 'run-2' and message like '%(increment: %' order by node_id");
    expect(increments.map((row) => row.node_id)).toEqual(incremental.map((model) => model.id).sort());
    const states = await query('select run_id, full_refresh, count(*)::int as models from audit.incremental_state group by run_id, full_refresh order by run_id');
    expect(states).toEqual([
      { run_id: 'run-1', full_refresh: true, models: incremental.length },
      { run_id: 'run-2', full_refresh: false, models: incremental.length },
    ]);
    // Publish copied each pending row with the fingerprint of the logic the model was built with.
    const fingerprints = await query("select model_id, logic_fingerprint from audit.incremental_state where run_id = 'run-2'");
    expect(Object.fromEntries(fingerprints.map((row) => [row.model_id, row.logic_fingerprint]))).toEqual(Object.fromEntries(incremental.map((model) => [model.id, model.logicFingerprint])));
    expect(await query(`select relname from pg_class where relname like '%\\_\\_inc'`)).toEqual([]);
  }, 300_000);
});
