/**
 * The Scoring step (lib/pipeline/scoring-pipeline-step.ts) on the local Data API endpoint: it scores the
 * run's staged features into staged tables, Publish swaps those in with the models in its one
 * transaction (and only then are they readable under their names), too little history is reported and
 * stages nothing, and a run without the features does not score.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStatementCommand, type RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLocalLanding } from '../../lib/cli/landing-listing.ts';
import { loadLanding } from '../../lib/engines/redshift-data/copy-loader.ts';
import type { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { generateLanding } from '../../lib/generate/index.ts';
import { DataApiBatches } from '../../lib/pipeline/data-api-batches.ts';
import { PIPELINE_METRICS } from '../../lib/pipeline/pipeline-metric-names.ts';
import { RUNNING_STATEMENT_STATES, type RunContext } from '../../lib/pipeline/pipeline-contract.ts';
import { PublishStep } from '../../lib/pipeline/publish-step.ts';
import { pendingStateTableStatement } from '../../lib/publish/incremental-state.ts';
import type { RunPlan } from '../../lib/pipeline/run-plan.ts';
import { runStagedScoring, withStagedScores } from '../../lib/pipeline/scoring-pipeline-step.ts';
import { advanceStep } from '../../lib/pipeline/step-runner.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { errorsOf } from '../models/warehouse-build.ts';
import { endpointEngine } from '../engines/redshift-data/endpoint-engine.ts';
import { crmRunPlan, RecordingTelemetry } from './step-fixture.ts';

const RUN_DATE = '2026-11-24';
const LANDING_URI = 's3://landing/crm';
const SCORED = ['mart_account_features', 'mart_account_labels'];

/** The run plan of a run that builds only the features and labels (and the models they read). */
function featuresRun(whole: RunPlan): RunPlan {
  const ids = whole.plan.models.filter((model) => SCORED.includes(model.name)).map((model) => model.id);
  return { ...whole, selection: { ...whole.selection, models: ids, tests: [] } };
}

describe('the Scoring step on the local Data API endpoint', () => {
  let s3Root: string;
  let endpoint: DataApiEndpoint;
  let redshift: RedshiftDataEngine;
  let client: RedshiftDataClient;
  let whole: RunPlan;

  const count = async (relation: string): Promise<number> => Number((await redshift.query(`select count(*) as n from ${relation}`))[0]?.n);
  const relations = async (): Promise<string[]> =>
    (await redshift.query("select table_name from information_schema.tables where table_schema = 'marts' and table_name similar to '(mart_account_%|model_%)' order by 1")).map((row) =>
      String(row.table_name),
    );

  /** Publish as the pipeline runs it: each batch submitted, polled until it ends, then the next. */
  async function publish(runPlan: RunPlan, runId: string): Promise<void> {
    const batches = new DataApiBatches(client, { workgroupName: 'crm', database: 'dev' });
    const program = new PublishStep({ runPlan, runId, telemetry: new RecordingTelemetry() });
    const run = { runId, executionArn: `arn:aws:states:eu-west-1:123456789012:execution:p:${runId}` } as RunContext;
    let response = await advanceStep({ step: 'Publish', run, cursor: 0 }, program, batches, new RecordingTelemetry());
    while (!response.step.done) {
      for (;;) {
        const { Status } = await client.send(new DescribeStatementCommand({ Id: response.step.statementId }));
        if (!(RUNNING_STATEMENT_STATES as readonly string[]).includes(Status ?? '')) break;
        await new Promise((done) => setTimeout(done, 5));
      }
      const { cursor, statementId, memo } = response.step;
      response = await advanceStep({ step: 'Publish', run, cursor, ...(statementId === undefined ? {} : { statementId }), memo }, program, batches, new RecordingTelemetry());
    }
  }

  beforeAll(async () => {
    s3Root = await mkdtemp(join(tmpdir(), 'scoring-step-'));
    await generateLanding({ outDir: join(s3Root, 'landing', 'crm'), scale: 0.03, days: 2, seed: 9, endDate: RUN_DATE });
    endpoint = await startDataApiEndpoint({ port: 0, s3Root });
    ({ engine: redshift, client } = endpointEngine(endpoint));
    whole = await crmRunPlan([], RUN_DATE);
    const { plan } = whole;
    await loadLanding(redshift, { landingUri: LANDING_URI, listDays: () => listLocalLanding(s3Root, LANDING_URI), sources: plan.sources, runId: 'load', maxLoadErrors: 100_000 });
    const needed = new Set(['mart_account_labels']);
    for (const model of [...plan.models].reverse()) {
      if (needed.has(model.name)) for (const id of model.dependsOn.models) needed.add(id.replace('model.crm.', ''));
    }
    const result = await executePlan(redshift, plan, { mode: 'run', runId: 'build', modelIds: plan.models.filter((model) => needed.has(model.name)).map((model) => model.id), testIds: [] });
    expect(errorsOf(result)).toEqual([]);
    // The run's staged builds of the features and labels, as the layer step leaves them for Publish, with the
    // table of pending state rows a layer step creates for the incremental features.
    await redshift.transaction([...SCORED.map((name) => `create table marts.${name}__wap as select * from marts.${name}`), pendingStateTableStatement()]);
  }, 900_000);

  afterAll(async () => {
    await redshift?.close();
    await endpoint?.close();
    if (s3Root) await rm(s3Root, { recursive: true, force: true });
  });

  it('reports too little history and stages nothing', async () => {
    const strict = { ...whole, plan: { ...whole.plan, vars: { ...whole.plan.vars, model_min_class_rows: 10_000_000 } } };
    const telemetry = new RecordingTelemetry();
    expect(await runStagedScoring(redshift, featuresRun(strict), 'short', telemetry)).toBe(false);
    expect(telemetry.metrics).toEqual([{ name: PIPELINE_METRICS.scoringSkipped, unit: 'Count', value: 1 }]);
    expect(telemetry.lines.filter((line) => line.level === 'warn').map((line) => line.details?.reason)).toEqual([expect.stringContaining('need at least 10000000')]);
    expect(await relations()).toEqual(['mart_account_features', 'mart_account_features__wap', 'mart_account_labels', 'mart_account_labels__wap']);
  });

  it('does not score a run that builds no features, and Publish is never told to swap scores for it', async () => {
    const telemetry = new RecordingTelemetry();
    const dimensionsOnly = await crmRunPlan(['+dim_accounts'], RUN_DATE);
    expect(await runStagedScoring(redshift, dimensionsOnly, 'dims', telemetry)).toBe(false);
    expect(telemetry.metrics).toEqual([]);
    expect(() => withStagedScores(dimensionsOnly)).toThrow('Publish was told scores were staged, but the run builds no mart_account_features and mart_account_labels');
  });

  it("gives the scoring tables the features' schema and grants, so Publish re-grants their readers in the same transaction", () => {
    const granted: RunPlan = {
      ...whole,
      plan: {
        ...whole.plan,
        models: whole.plan.models.map((model) => (model.name === 'mart_account_features' ? { ...model, config: { ...model.config, grants: { select: ['role:bi_readers'] } } } : model)),
      },
    };
    const published = withStagedScores(featuresRun(granted));
    const step = new PublishStep({ runPlan: published, runId: 'grants', telemetry: new RecordingTelemetry() });
    const queued = step.queuedStatements({ 'marts.mart_account_scores': 'table' }).filter((statement) => statement.owner.startsWith('scoring.'));
    expect(queued.map((statement) => statement.sql)).toEqual([
      'alter table "marts"."model_coefficients__wap" rename to "model_coefficients"',
      'grant select on "marts"."model_coefficients" to role "bi_readers"',
      'drop table "marts"."mart_account_scores"',
      'alter table "marts"."mart_account_scores__wap" rename to "mart_account_scores"',
      'grant select on "marts"."mart_account_scores" to role "bi_readers"',
    ]);
  });

  it('scores the staged features into staged tables, which Publish swaps in with the models', async () => {
    const telemetry = new RecordingTelemetry();
    const run = featuresRun(whole);
    const started = Date.now();
    expect(await runStagedScoring(redshift, run, 'run-1', telemetry)).toBe(true);
    const seconds = (Date.now() - started) / 1000;
    expect(telemetry.metrics).toEqual([{ name: PIPELINE_METRICS.scoringSkipped, unit: 'Count', value: 0 }]);
    // Staged only: nothing readable under the published names yet; the backtest is history, appended.
    expect(await relations()).toEqual([
      'mart_account_features',
      'mart_account_features__wap',
      'mart_account_labels',
      'mart_account_labels__wap',
      'mart_account_scores__wap',
      'model_backtests',
      'model_calibration',
      'model_coefficients__wap',
    ]);
    const staged = await count('marts.mart_account_scores__wap');
    const scoringAccounts = await count('marts.mart_account_features__wap where is_scoring_snapshot');
    expect(staged).toBe(scoringAccounts);
    expect(staged).toBeGreaterThan(50);
    expect(await count("marts.model_backtests where run_id = 'run-1'")).toBe(6);

    await publish(withStagedScores(run), 'run-1');
    expect(await relations()).toEqual(['mart_account_features', 'mart_account_labels', 'mart_account_scores', 'model_backtests', 'model_calibration', 'model_coefficients']);
    expect(await count('marts.mart_account_scores')).toBe(staged);
    expect(await count("marts.model_coefficients where run_id = 'run-1'")).toBeGreaterThan(2);
    console.log(`Scoring step at scale 0.03 through the endpoint: ${seconds.toFixed(1)} s, ${staged} accounts scored`);
  });
});
