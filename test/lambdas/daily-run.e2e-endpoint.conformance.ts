/**
 * Two daily runs, end to end, offline: the step Lambda handlers themselves, with the real Redshift
 * Data API client, against the local Data API endpoint (PGlite; COPY reads the landing folder as
 * S3), invoked state by state in the order the SYNTHESIZED state machine definition gives. A small
 * interpreter walks the definition from StartAt: Pass (Parameters, Result, ResultPath,
 * States.MathAdd), Choice, Wait (not slept: the next poll simply comes), the Lambda Tasks (the
 * handler of the function the Task names, step or statement poll, with that function's
 * environment from the template) and the SNS Task (recorded), with the Catches routing errors as
 * Step Functions would.
 *
 * Identities: every Lambda signs its Data API calls as the pipeline role; the state machine's own
 * role never calls the Data API (the polls run under the submitting role), and the endpoint, like
 * the Data API, shows a statement only to the identity that submitted it.
 *
 * Stand-ins: Step Functions' ListExecutions (the concurrency guard) is mocked with
 * aws-sdk-client-mock; LoadRawDay's signed S3 reader gets a `fetch` that answers ListObjectsV2 and
 * ranged GetObject from the landing folder; Bootstrap's grants as the admin are off (no
 * ADMIN_SECRET_ARN), since the endpoint has no roles (test/pipeline/step-programs.test.ts checks
 * the statements). Retries are not exercised here (test/infra/state-machine.test.ts checks them).
 *
 * - Run 1, the day before the project's run date, full refresh: publishes into an empty warehouse.
 * - Run 2, the run date: publishes into a warehouse where every model is published. Before its one
 *   publishing CALL, a failure is injected at every queued publish statement in turn, and each
 *   failed CALL must leave every published relation exactly as it was. Then the published tables
 *   and the check results must equal the local DuckDB build of the same landing, and a reader
 *   granted through `grants:` can still select after both runs.
 * - Both runs check source freshness after loading (audit.source_freshness) and score their staged
 *   features before Publish, which swaps the scores in: run 2's equal the local `score` of the same landing.
 * - Run 3 gets a duplicate key slipped into a staged dimension before QualityChecks: the unique
 *   test (error) fails, the execution ends in Fail via the failure notification, Publish never
 *   runs, and the published tables are still run 2's.
 *
 * About two minutes on the shared two-core machine (synthesis, the DuckDB build and three walks),
 * so it runs under `npm run test:conformance`, not the default `vitest run`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeStatementCommand, ListStatementsCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PGlite } from '@electric-sql/pglite';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compareWarehouses } from '../conformance/differential/compare-warehouses.ts';
import { differenceLines } from '../conformance/differential/difference-report.ts';
import { buildWarehouse, type BuiltWarehouse } from '../conformance/differential/differential-build.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding as loadOnDuckDb } from '../../lib/engines/duckdb/raw-loader.ts';
import { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { generateLanding } from '../../lib/generate/index.ts';
import { POLL_ENTRY, stepEntry } from '../../lib/infra/pipeline.ts';
import { bundledProjectJson } from '../../lib/pipeline/bundled-project.ts';
import { pipelineSteps, type PipelineStepName } from '../../lib/pipeline/pipeline-contract.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import type { Project } from '../../lib/project/project.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { runScoringStep } from '../../lib/scoring/scoring-step.ts';
import { flatten, synthesizeApp } from '../infra/synth-app.ts';
import { localS3 } from './local-s3.ts';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const PIPELINE_STEPS = pipelineSteps((await loadProject(REPOSITORY)).config.layers.map((layer) => layer.name));
const BUCKET = 'landing';
const REGION = 'us-east-1';
const WORKGROUP = 'local';
const DATABASE = 'dev';
const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:123456789012:stateMachine:CrmWarehouse-pipeline`;
/** The access key ids the endpoint tells callers apart by: the Lambdas' role and the state machine's. */
const PIPELINE_IDENTITY = 'pipeline-role';
const STATE_MACHINE_IDENTITY = 'state-machine-role';
const READER = 'crm_analyst';
const GRANTED = ['stg_crm_accounts', 'dim_accounts'];

type Json = unknown;
type JsonObject = Record<string, Json>;

interface AslState {
  readonly Type: 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail';
  readonly Next?: string;
  readonly Default?: string;
  readonly Resource?: string;
  readonly Parameters?: JsonObject;
  readonly ResultSelector?: JsonObject;
  readonly Result?: Json;
  readonly ResultPath?: string | null;
  readonly Choices?: readonly JsonObject[];
  readonly Catch?: readonly { ErrorEquals: string[]; Next: string; ResultPath?: string | null }[];
  readonly ErrorPath?: string;
}

interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
}

interface LambdaFunction {
  /** The step it runs, or for a statement poll the step whose loop it is polling for. */
  readonly step: PipelineStepName;
  readonly entry: string;
  readonly environment: Record<string, string>;
}

/** What one walk of the definition did. */
interface Execution {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  /** Every state entered, in order. */
  readonly states: string[];
  /** Lambda invocations per step. */
  readonly invocations: Partial<Record<PipelineStepName, number>>;
  /** Batches, statements and statement seconds per step, from DescribeStatement. */
  readonly batches: { step: PipelineStepName; statements: number; seconds: number }[];
  readonly notifications: Json[];
  /** The largest state input, in UTF-8 bytes. */
  largestStateBytes: number;
}

/**
 * Step Functions' limit on a state's input and output, in UTF-8 bytes: past it the execution fails with
 * States.DataLimitExceeded (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StateEnteredEventDetails.html).
 */
const STATE_DATA_LIMIT_BYTES = 262_144;

// ---- JSONPath and parameters, as far as the definition uses them

function get(document: Json, path: string): Json {
  if (path === '$') return document;
  const parts = path.replace(/^\$\.?/, '').split('.');
  let value: Json = document;
  for (const part of parts) {
    if (typeof value !== 'object' || value === null || !(part in value)) throw new Error(`States.Runtime: no ${path}`);
    value = (value as JsonObject)[part];
  }
  return value;
}

function set(document: Json, path: string | null | undefined, result: Json): Json {
  if (path === null) return document;
  if (path === undefined || path === '$') return result;
  const parts = path.replace(/^\$\./, '').split('.');
  const copy = structuredClone(document) as JsonObject;
  let target = copy;
  for (const part of parts.slice(0, -1)) {
    target[part] ??= {};
    target = target[part] as JsonObject;
  }
  target[parts.at(-1) as string] = result;
  return copy;
}

function resolve(template: Json, input: Json, context: Json): Json {
  if (Array.isArray(template)) return template.map((item) => resolve(item, input, context));
  if (typeof template !== 'object' || template === null) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (!key.endsWith('.$')) {
      out[key] = resolve(value, input, context);
      continue;
    }
    const expression = String(value);
    const add = /^States\.MathAdd\((.+), (.+)\)$/.exec(expression);
    out[key.slice(0, -2)] = add
      ? Number(path(add[1] as string, input, context)) + Number(path(add[2] as string, input, context))
      : path(expression, input, context);
  }
  return out;
}

function path(expression: string, input: Json, context: Json): Json {
  return expression.startsWith('$$.') ? get(context, expression.slice(1)) : get(input, expression);
}

function matches(rule: JsonObject, input: Json): boolean {
  if (Array.isArray(rule.Or)) return (rule.Or as JsonObject[]).some((inner) => matches(inner, input));
  if (Array.isArray(rule.And)) return (rule.And as JsonObject[]).every((inner) => matches(inner, input));
  if (rule.Not !== undefined) return !matches(rule.Not as JsonObject, input);
  let value: Json;
  try {
    value = get(input, String(rule.Variable));
  } catch {
    return false;
  }
  if ('BooleanEquals' in rule) return value === rule.BooleanEquals;
  if ('StringEquals' in rule) return value === rule.StringEquals;
  if ('NumericGreaterThan' in rule) return typeof value === 'number' && value > Number(rule.NumericGreaterThan);
  throw new Error(`choice rule not understood by this walker: ${JSON.stringify(rule)}`);
}

/**
 * Rows of the warehouse's tables read so far, as Postgres counts them: the database's rows and
 * index entries returned by scans (pg_stat_database.tup_returned) less the system catalog's
 * (pg_stat_sys_tables, pg_stat_sys_indexes), whose counts outlive the tables a run drops. Flushed first.
 */
async function rowsRead(database: PGlite): Promise<number> {
  await database.query('select pg_stat_force_next_flush()');
  const { rows } = await database.query<{ rows_read: string | number }>(
    `select (select tup_returned from pg_stat_database where datname = current_database())
          - (select coalesce(sum(seq_tup_read), 0) from pg_stat_sys_tables)
          - (select coalesce(sum(idx_tup_read), 0) from pg_stat_sys_indexes) as rows_read`,
  );
  return Number(rows[0]?.rows_read ?? 0);
}

// ---- the walk

class DefinitionWalker {
  constructor(
    private readonly definition: AslDefinition,
    private readonly functions: ReadonlyMap<string, LambdaFunction>,
    private readonly local: Record<string, string>,
    /** The pipeline role's view of its statements: only to measure the batches. */
    private readonly observer: RedshiftDataClient,
  ) {}

  /** Walks one execution; `before(state)` runs before each state is entered (to interfere). */
  async execute(name: string, input: JsonObject, before: (state: string) => Promise<void> = async () => {}): Promise<Execution> {
    const context = {
      Execution: { Id: `arn:aws:states:${REGION}:123456789012:execution:CrmWarehouse-pipeline:${name}`, Name: name, StartTime: new Date().toISOString(), Input: input },
    };
    const record: Execution = { status: 'FAILED', states: [], invocations: {}, batches: [], notifications: [], largestStateBytes: 0 };
    let current = this.definition.StartAt;
    let document: Json = input;
    for (let transitions = 0; transitions < 100_000; transitions += 1) {
      const state = this.definition.States[current];
      if (state === undefined) throw new Error(`no state '${current}'`);
      await before(current);
      record.states.push(current);
      const bytes = Buffer.byteLength(JSON.stringify(document), 'utf8');
      if (bytes > STATE_DATA_LIMIT_BYTES) throw new Error(`States.DataLimitExceeded: the input of state '${current}' is ${bytes} bytes, over the ${STATE_DATA_LIMIT_BYTES} Step Functions allows`);
      record.largestStateBytes = Math.max(record.largestStateBytes, bytes);
      switch (state.Type) {
        case 'Succeed':
          return { ...record, status: 'SUCCEEDED' };
        case 'Fail':
          return { ...record, status: 'FAILED', error: String(get(document, state.ErrorPath ?? '$.Error')) };
        case 'Pass': {
          const result = state.Parameters !== undefined ? resolve(state.Parameters, document, context) : state.Result !== undefined ? state.Result : document;
          document = set(document, state.ResultPath, result);
          current = state.Next as string;
          break;
        }
        case 'Choice':
          current = (state.Choices ?? []).find((rule) => matches(rule, document))?.Next as string | undefined ?? (state.Default as string);
          break;
        case 'Wait':
          await new Promise((done) => setTimeout(done, 5));
          current = state.Next as string;
          break;
        case 'Task': {
          const parameters = resolve(state.Parameters ?? {}, document, context) as JsonObject;
          let result: Json;
          try {
            result = await this.task(state.Resource ?? '', parameters, record);
          } catch (error) {
            const caught = state.Catch?.find((handler) => handler.ErrorEquals.includes('States.ALL') || handler.ErrorEquals.includes((error as Error).name));
            if (caught === undefined) throw error;
            const failure = { Error: (error as Error).name, Cause: JSON.stringify({ errorType: (error as Error).name, errorMessage: (error as Error).message }) };
            document = set(document, caught.ResultPath, failure);
            current = caught.Next;
            break;
          }
          if (state.ResultSelector !== undefined) result = resolve(state.ResultSelector, result, context);
          document = set(document, state.ResultPath, result);
          current = state.Next as string;
          break;
        }
      }
    }
    throw new Error('the walk did not end');
  }

  private async task(resource: string, parameters: JsonObject, record: Execution): Promise<Json> {
    if (resource === 'arn:aws:states:::lambda:invoke') {
      const functionName = String(parameters.FunctionName);
      const lambda = this.functions.get(functionName.split(':').at(-1) as string);
      if (lambda === undefined) throw new Error(`no Lambda function for ${functionName}`);
      const environment = { ...lambda.environment, ...this.local };
      const unresolved = Object.entries(environment).filter(([, value]) => value.startsWith('<token'));
      if (unresolved.length > 0) throw new Error(`no local value for ${unresolved.map(([name, value]) => `${name}=${value}`).join(', ')}`);
      for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
      const { handler } = (await import(join(REPOSITORY, lambda.entry))) as { handler: (payload: unknown) => Promise<unknown> };
      const payload = await handler(parameters.Payload);
      if (lambda.entry === POLL_ENTRY) await this.measure(payload as { status: string }, parameters.Payload as { statementId: string }, record);
      else record.invocations[lambda.step] = (record.invocations[lambda.step] ?? 0) + 1;
      // Through JSON, as the Lambda service would.
      return { Payload: JSON.parse(JSON.stringify(payload)) as Json, StatusCode: 200 };
    }
    if (resource === 'arn:aws:states:::sns:publish') {
      record.notifications.push(parameters.Message);
      return {};
    }
    throw new Error(`no stand-in for the Task resource ${resource}`);
  }

  private async measure(poll: { status: string }, request: { statementId: string }, record: Execution): Promise<void> {
    if (poll.status !== 'FINISHED' && poll.status !== 'FAILED') return;
    const described = await this.observer.send(new DescribeStatementCommand({ Id: request.statementId }));
    const step = PIPELINE_STEPS.find((candidate) => record.states.at(-1)?.startsWith(`${candidate} `)) as PipelineStepName;
    record.batches.push({ step, statements: described.SubStatements?.length ?? 1, seconds: (described.Duration ?? 0) / 1e9 });
  }
}

/** The Lambda functions of the template by logical id: step or poll, and their environment's plain values. */
function pipelineFunctions(resources: Record<string, { Properties: { Environment?: { Variables?: Record<string, unknown> } } }>): Map<string, LambdaFunction> {
  const functions = new Map<string, LambdaFunction>();
  for (const [id, resource] of Object.entries(resources)) {
    const variables = resource.Properties.Environment?.Variables ?? {};
    const step = variables.PIPELINE_STEP;
    const polls = variables.POLLS_FOR_STEPS;
    if (typeof step !== 'string' && typeof polls !== 'string') continue;
    const environment = Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    // Tokens (ARNs, names of deployed resources) are what the local run replaces; note which exist.
    for (const [name, value] of Object.entries(variables)) if (typeof value !== 'string') environment[name] = `<token ${flatten(value)}>`;
    if (typeof step === 'string') functions.set(id, { step: step as PipelineStepName, entry: stepEntry(step), environment });
    else functions.set(id, { step: String(polls).split(' ')[0] as PipelineStepName, entry: POLL_ENTRY, environment });
  }
  return functions;
}

/** What bench/run.ts reads of a walked run: states, Data API batches and statements, warehouse rows read, the largest state. */
function runFigures(execution: Execution, rowsReadByRun: number) {
  return {
    statesEntered: execution.states.length,
    largestStateBytes: execution.largestStateBytes,
    batches: execution.batches.length,
    statements: execution.batches.reduce((sum, batch) => sum + batch.statements, 0),
    rowsRead: rowsReadByRun,
  };
}

/** Every published relation of the plan with its identity (a swap gives it a new one) and its row count. */
async function publishedState(engine: RedshiftDataEngine, plan: Plan): Promise<string[]> {
  const names = plan.models.map((model) => `'${model.relation.schema}.${model.relation.name}'`).join(', ');
  const relations = await engine.query(`select n.nspname || '.' || c.relname as relation_name, cast(c.oid as bigint) as identity
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'v') and n.nspname || '.' || c.relname in (${names})
 order by 1`);
  const state: string[] = [];
  for (const row of relations) {
    const [count] = await engine.query(`select count(*) as row_count from ${String(row.relation_name)}`);
    state.push(`${String(row.relation_name)} #${String(row.identity)} ${String(count?.row_count)} rows`);
  }
  return state;
}

describe('two daily runs: the step Lambdas, walked in the synthesized state machine order, against the local Data API endpoint', () => {
  const sfn = mockClient(SFNClient);
  let s3Root: string;
  let database: PGlite;
  let endpoint: DataApiEndpoint;
  let walker: DefinitionWalker;
  let project: Project;
  let duckdb: DuckDbEngine;
  let redshift: RedshiftDataEngine;
  let onDuckDb: BuiltWarehouse;
  let plan: Plan;
  let first: Execution;
  let second: Execution;
  let runDate: string;
  let dayBefore: string;
  /** What a failed publishing CALL left published, one entry per injected failure. */
  const afterInjectedFailures: { position: number; statement: string; error: string; state: string[] }[] = [];
  let beforeSecondPublish: string[] = [];
  /** Rows the injected failures read, which are not part of run 2 (bench/run.ts reads the figures). */
  let injectedRowsRead = 0;
  const started = Date.now();

  /**
   * Before run 2's one publishing CALL (its statements queued, the CALL not yet submitted): for each
   * queued statement in turn, make it fail and CALL the procedure; record what is published after.
   */
  async function injectFailures(runId: string, state: string): Promise<void> {
    if (!state.startsWith('Publish')) return;
    const [queued] = await redshift.query(`select count(*) as queued from audit.publish_statements where run_id = '${runId}'`);
    const count = Number(queued?.queued ?? 0);
    if (count === 0 || afterInjectedFailures.length > 0) return;
    const readBefore = await rowsRead(database);
    beforeSecondPublish = await publishedState(redshift, plan);
    for (let position = 1; position <= count; position += 1) {
      const where = `run_id = '${runId}' and statement_position = ${position}`;
      const [original] = await redshift.query(`select statement_text from audit.publish_statements where ${where}`);
      const statement = String(original?.statement_text);
      await redshift.execute(`update audit.publish_statements set statement_text = 'select cast(''injected failure ${position}'' as integer)' where ${where}`);
      let error = '';
      try {
        await redshift.execute(`call audit.publish_run('${runId}')`);
      } catch (failure) {
        error = (failure as Error).message;
      }
      await redshift.execute(`update audit.publish_statements set statement_text = '${statement.replaceAll("'", "''")}' where ${where}`);
      afterInjectedFailures.push({ position, statement, error, state: await publishedState(redshift, plan) });
    }
    injectedRowsRead = (await rowsRead(database)) - readBefore;
  }

  beforeAll(async () => {
    project = await loadProject(REPOSITORY);
    runDate = String(project.config.vars.run_date);
    dayBefore = new Date(Date.parse(`${runDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    s3Root = await mkdtemp(join(tmpdir(), 'daily-run-s3-'));
    const landingDir = join(s3Root, BUCKET);
    await generateLanding({ outDir: landingDir, scale: 0.01, days: 2, seed: 7, endDate: runDate });
    database = await PGlite.create();
    await database.exec(`create role ${READER}`);
    endpoint = await startDataApiEndpoint({ port: 0, s3Root, database });

    const { template } = await synthesizeApp();
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as { Properties: { DefinitionString: unknown } }[];
    const definition = JSON.parse(flatten(machine?.Properties.DefinitionString, { functionArns: true })) as AslDefinition;
    const functions = pipelineFunctions(template.findResources('AWS::Lambda::Function') as never);

    // The reader is granted a view and a table, the way a project says it (`grants:`).
    const withGrants = { ...project, models: project.models.map((model) => (GRANTED.includes(model.name) ? { ...model, grants: { select: [READER] } } : model)) };
    const folder = await mkdtemp(join(tmpdir(), 'daily-run-project-'));
    const projectFile = join(folder, 'project.json');
    await writeFile(projectFile, bundledProjectJson(withGrants));
    const local = {
      PROJECT_FILE: projectFile,
      WORKGROUP_NAME: WORKGROUP,
      DATABASE_NAME: DATABASE,
      STATE_MACHINE_ARN,
      LANDING_BUCKET: BUCKET,
      LANDING_READER_ROLE_ARN: 'arn:aws:iam::123456789012:role/landing-reader',
      PIPELINE_ROLE_NAME: 'CrmWarehouse-PipelineRole',
      // No admin secret: Bootstrap's grants step is off (the endpoint has no roles).
      ADMIN_SECRET_ARN: '',
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: PIPELINE_IDENTITY,
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_REDSHIFT_DATA: endpoint.url,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    for (const [name, value] of Object.entries(local)) vi.stubEnv(name, value);
    vi.stubGlobal('fetch', localS3(s3Root));
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });

    const client = (identity: string) => new RedshiftDataClient({ endpoint: endpoint.url, region: REGION, credentials: { accessKeyId: identity, secretAccessKey: 'local' } });
    walker = new DefinitionWalker(definition, functions, local, client(PIPELINE_IDENTITY));
    redshift = new RedshiftDataEngine({ workgroupName: WORKGROUP, database: DATABASE, client: client(PIPELINE_IDENTITY), pollIntervalMs: 5, maxPollIntervalMs: 50 });
    duckdb = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    onDuckDb = await buildWarehouse(project, { engine: duckdb, load: (options) => loadOnDuckDb(duckdb, options) }, { landingDir, runId: 'on-duckdb' });
    plan = compileProject(project, { target: 'redshift', vars: { run_date: runDate } });

    const walkStarted = Date.now();
    const readAtStart = await rowsRead(database);
    first = await walker.execute('run-1', { run_date: dayBefore, full_refresh: true });
    const walked = Date.now();
    const readAfterFirst = await rowsRead(database);
    second = await walker.execute('run-2', { run_date: runDate }, async (state) => injectFailures('run-2', state));
    const readAfterSecond = await rowsRead(database);
    const summary = (execution: Execution) => {
      const statements = execution.batches.reduce((sum, batch) => sum + batch.statements, 0);
      const seconds = execution.batches.reduce((sum, batch) => sum + batch.seconds, 0);
      return `${execution.states.length} states entered, ${execution.batches.length} batches, ${statements} statements, ${seconds.toFixed(1)} s of statements, largest state ${execution.largestStateBytes} bytes`;
    };
    console.log(
      `daily runs on the endpoint: run 1 (full refresh) ${summary(first)}, ${((walked - walkStarted) / 1000).toFixed(1)} s walked; ` +
        `run 2 ${summary(second)}, ${((Date.now() - walked) / 1000).toFixed(1)} s walked with ${afterInjectedFailures.length} publish failures injected; ` +
        `setup ${((walkStarted - started) / 1000).toFixed(1)} s`,
    );
    console.log(
      `daily-run figures ${JSON.stringify({
        fullRefresh: runFigures(first, readAfterFirst - readAtStart),
        incremental: runFigures(second, readAfterSecond - readAfterFirst - injectedRowsRead),
      })}`,
    );
  }, 900_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    sfn.restore();
    await Promise.all([duckdb?.close(), redshift?.close(), endpoint?.close()]);
    await database?.close();
    if (s3Root) await rm(s3Root, { recursive: true, force: true });
  });

  it('walks every step of both runs in the definition order, each through its submit → wait → poll loop, and succeeds', () => {
    for (const execution of [first, second]) {
      expect(execution.status, JSON.stringify({ states: execution.states.slice(-4), notifications: execution.notifications })).toBe('SUCCEEDED');
      const entered = execution.states.filter((state) => (PIPELINE_STEPS as readonly string[]).includes(state));
      expect(entered).toEqual([...PIPELINE_STEPS]);
      for (const step of PIPELINE_STEPS) expect(execution.invocations[step], step).toBeGreaterThanOrEqual(1);
      expect(execution.states.at(-1)).toBe('Run succeeded');
      expect(execution.notifications).toEqual([]);
    }
  });

  it('publishes run 2 over a fully published warehouse in one transaction: a failure at any publish statement leaves everything published as it was', () => {
    // Run 2 replaces every model, and more statements than one BatchExecuteStatement (40) holds.
    expect(beforeSecondPublish).toHaveLength(plan.models.length);
    expect(afterInjectedFailures.length).toBeGreaterThan(40);
    for (const attempt of afterInjectedFailures) {
      expect(attempt.error, `statement ${attempt.position}: ${attempt.statement}`).toContain(`injected failure ${attempt.position}`);
      expect(attempt.state, `after a failure at statement ${attempt.position}: ${attempt.statement}`).toEqual(beforeSecondPublish);
    }
  });

  it('then publishes every model anew, and a reader granted through grants: can still select', async () => {
    const after = await publishedState(redshift, plan);
    expect(after).toHaveLength(plan.models.length);
    const identity = (entry: string) => entry.split(' ').slice(0, 2).join(' ');
    for (const entry of after) expect(beforeSecondPublish.map(identity), entry).not.toContain(identity(entry));
    for (const name of GRANTED) {
      const model = plan.models.find((candidate) => candidate.name === name);
      const [row] = await redshift.query(`select has_table_privilege('${READER}', '${model?.relation.schema}.${name}', 'select') as allowed`);
      expect(row?.allowed, name).toBe(true);
    }
  });

  it('leaves published tables equal to the local DuckDB build of the same landing', async () => {
    expect(onDuckDb.run.success).toBe(true);
    expect(onDuckDb.load.totals.rowsLoaded).toBeGreaterThan(1_000);
    const differences = await compareWarehouses(duckdb, redshift, onDuckDb.plan, { checkRunIds: ['on-duckdb', 'run-2'] });
    expect(differenceLines(differences.filter((difference) => difference.kind !== 'check'), ['duckdb', 'redshift'])).toEqual([]);
  }, 600_000);

  it('finds the same outcome and failing-row count for every data test (QualityChecks checks the staged run, the local build the published one)', async () => {
    const outcomes = async (engine: DuckDbEngine | RedshiftDataEngine, runId: string) =>
      (await engine.query(`select test_name, status, failures from audit.check_results where run_id = '${runId}'`))
        .map((row) => `${String(row.test_name)}: ${String(row.status)} ${Number(row.failures)}`)
        .sort();
    const onPipeline = await outcomes(redshift, 'run-2');
    expect(onPipeline.length).toBeGreaterThan(100);
    expect(onPipeline).toEqual(await outcomes(duckdb, 'on-duckdb'));
  }, 600_000);

  it('checks source freshness in every run, and publishes the scores Scoring staged from the run\'s features: the local `score` of the same landing', async () => {
    const freshness = await redshift.query('select run_id, count(*) as tables from audit.source_freshness group by run_id order by run_id');
    expect(freshness.map((row) => [row.run_id, Number(row.tables)])).toEqual([
      ['run-1', plan.sources.filter((source) => source.freshness !== undefined).length],
      ['run-2', plan.sources.filter((source) => source.freshness !== undefined).length],
    ]);
    const backtests = await redshift.query('select run_id, count(*) as scorers from marts.model_backtests group by run_id order by run_id');
    expect(backtests.map((row) => [row.run_id, Number(row.scorers)])).toEqual([
      ['run-1', 6],
      ['run-2', 6],
    ]);
    await runScoringStep(duckdb, onDuckDb.plan, 'on-duckdb');
    const scores = 'select * from marts.mart_account_scores order by account_id';
    const published = await redshift.query(scores);
    expect(published.length).toBeGreaterThan(50);
    expect(published).toEqual(await duckdb.query(scores));
  }, 600_000);

  it('shows a statement only to the identity that submitted it: the state machine role cannot describe the pipeline role\'s', async () => {
    const stateMachine = new RedshiftDataClient({ endpoint: endpoint.url, region: REGION, credentials: { accessKeyId: STATE_MACHINE_IDENTITY, secretAccessKey: 'local' } });
    const mine = await new RedshiftDataClient({ endpoint: endpoint.url, region: REGION, credentials: { accessKeyId: PIPELINE_IDENTITY, secretAccessKey: 'local' } }).send(new ListStatementsCommand({ MaxResults: 1 }));
    const id = mine.Statements?.[0]?.Id;
    expect(id).toBeDefined();
    await expect(stateMachine.send(new DescribeStatementCommand({ Id: id }))).rejects.toThrow();
  });

  it('publishes the same tables when the same day runs again as a full refresh, and says what that run read (the cost formula compares the two)', async () => {
    const readBefore = await rowsRead(database);
    const refresh = await walker.execute('run-2-full-refresh', { run_date: runDate, full_refresh: true });
    const read = (await rowsRead(database)) - readBefore;
    expect(refresh.status, JSON.stringify({ states: refresh.states.slice(-4), notifications: refresh.notifications })).toBe('SUCCEEDED');
    const differences = await compareWarehouses(duckdb, redshift, onDuckDb.plan);
    expect(differenceLines(differences.filter((difference) => difference.kind !== 'check'), ['duckdb', 'redshift'])).toEqual([]);
    console.log(`daily-run same-day full refresh figures ${JSON.stringify(runFigures(refresh, read))}`);
  }, 900_000);

  it('stops before Publish when an error-severity check fails, notifies, and leaves the published tables as they were', async () => {
    const published = async () => (await redshift.query('select account_id from analytics.dim_accounts order by account_id')).map((row) => String(row.account_id));
    const before = await published();
    expect(before.length).toBeGreaterThan(0);

    const third = await walker.execute('run-3', { run_date: runDate }, async (state) => {
      // A duplicate key in a staged table, after it is built and before it is checked.
      if (state === 'QualityChecks') await redshift.query('insert into analytics.dim_accounts__wap select * from analytics.dim_accounts__wap limit 1');
    });

    expect(third.status).toBe('FAILED');
    expect(third.error).toBe('QualityChecksFailed');
    expect(third.states).not.toContain('Scoring');
    expect(third.states).not.toContain('Publish');
    expect(third.states.slice(-3)).toEqual(['QualityChecks failed', 'Notify failure', 'Run failed']);
    expect(third.notifications).toEqual([expect.objectContaining({ runId: 'run-3', step: 'QualityChecks', error: 'QualityChecksFailed' })]);
    const failing = await redshift.query("select test_name, severity, status from audit.check_results where run_id = 'run-3' and status <> 'pass' and severity = 'error'");
    expect(failing.map((row) => String(row.test_name))).toContainEqual(expect.stringContaining('unique_dim_accounts_account_id'));
    expect(await published()).toEqual(before);
    const differences = await compareWarehouses(duckdb, redshift, onDuckDb.plan);
    expect(differenceLines(differences.filter((difference) => difference.kind !== 'check'), ['duckdb', 'redshift'])).toEqual([]);
  }, 600_000);
});
