/**
 * A whole daily run, end to end, offline (issue 6, "Tests"): the step Lambda handlers themselves,
 * with the real Redshift Data API client, against the local Data API endpoint (PGlite; COPY reads
 * the landing folder as S3), invoked state by state in the order the SYNTHESIZED state machine
 * definition gives. A small interpreter walks the definition from StartAt: Pass (Parameters,
 * Result, ResultPath, States.MathAdd), Choice, Wait (not slept: the next DescribeStatement simply
 * comes), the Lambda Tasks (the handler of the function the Task names, with that function's
 * environment from the template), the DescribeStatement Tasks (the real client against the
 * endpoint) and the SNS Task (recorded), with the Catches routing errors as Step Functions would.
 *
 * Stand-ins: Step Functions' ListExecutions (the concurrency guard) is mocked with
 * aws-sdk-client-mock; LoadRawDay's signed S3 reader gets a `fetch` that answers ListObjectsV2 and
 * ranged GetObject from the landing folder; Bootstrap's grants as the admin are off (no
 * ADMIN_SECRET_ARN), since the endpoint has no roles. Retries are not exercised here
 * (test/infra/state-machine.test.ts checks them).
 *
 * Run 1 (full refresh up to the project's run date) must publish tables equal to the local DuckDB
 * build of the same landing (compareWarehouses). Run 2 gets a duplicate key slipped into a staged
 * dimension before QualityChecks: the unique test (error) fails, the execution ends in Fail via
 * the failure notification, Publish never runs, and the published tables are still run 1's.
 *
 * About 70 s on the shared two-core machine (synthesis, the DuckDB build and two walks), so it runs
 * under `npm run test:conformance`, not the default `vitest run`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compareWarehouses } from '../../lib/conformance/compare-warehouses.ts';
import { differenceLines } from '../../lib/conformance/difference-report.ts';
import { buildWarehouse, type BuiltWarehouse } from '../../lib/conformance/differential-build.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding as loadOnDuckDb } from '../../lib/engines/duckdb/raw-loader.ts';
import { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { generateLanding } from '../../lib/generate/index.ts';
import { STEP_ENTRIES } from '../../lib/infra/pipeline.ts';
import { bundledProjectJson } from '../../lib/pipeline/bundled-project.ts';
import { PIPELINE_STEPS, type PipelineStepName, type StepRequest, type StepResponse } from '../../lib/pipeline/pipeline-contract.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import type { Project } from '../../lib/project/project.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/testing/data-api/data-api-endpoint.ts';
import { flatten, synthesizeApp } from '../infra/synth-app.ts';
import { localS3 } from './local-s3.ts';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const BUCKET = 'landing';
const REGION = 'us-east-1';
const WORKGROUP = 'local';
const DATABASE = 'dev';
const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:123456789012:stateMachine:CrmWarehouse-pipeline`;

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
  readonly step: PipelineStepName;
  readonly environment: Record<string, string>;
}

type Handler = (request: StepRequest) => Promise<StepResponse>;

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
}

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

// ---- the walk

class DefinitionWalker {
  constructor(
    private readonly definition: AslDefinition,
    private readonly functions: ReadonlyMap<string, LambdaFunction>,
    private readonly local: Record<string, string>,
    private readonly client: RedshiftDataClient,
  ) {}

  /** Walks one execution; `before(state)` runs before each state is entered (to interfere). */
  async execute(name: string, input: JsonObject, before: (state: string) => Promise<void> = async () => {}): Promise<Execution> {
    const context = {
      Execution: { Id: `arn:aws:states:${REGION}:123456789012:execution:CrmWarehouse-pipeline:${name}`, Name: name, StartTime: new Date().toISOString(), Input: input },
    };
    const record: Execution = { status: 'FAILED', states: [], invocations: {}, batches: [], notifications: [] };
    let current = this.definition.StartAt;
    let document: Json = input;
    for (let transitions = 0; transitions < 100_000; transitions += 1) {
      const state = this.definition.States[current];
      if (state === undefined) throw new Error(`no state '${current}'`);
      await before(current);
      record.states.push(current);
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
      record.invocations[lambda.step] = (record.invocations[lambda.step] ?? 0) + 1;
      const environment = { ...lambda.environment, ...this.local };
      const unresolved = Object.entries(environment).filter(([, value]) => value.startsWith('<token'));
      if (unresolved.length > 0) throw new Error(`no local value for ${unresolved.map(([name, value]) => `${name}=${value}`).join(', ')}`);
      for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
      const { handler } = (await import(join(REPOSITORY, STEP_ENTRIES[lambda.step]))) as { handler: Handler };
      const payload = await handler(parameters.Payload as unknown as StepRequest);
      // Through JSON, as the Lambda service would.
      return { Payload: JSON.parse(JSON.stringify(payload)) as Json, StatusCode: 200 };
    }
    if (resource === 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement') {
      const described = await this.client.send(new DescribeStatementCommand({ Id: String(parameters.Id) }));
      if (described.Status === 'FINISHED' || described.Status === 'FAILED') {
        const step = PIPELINE_STEPS.find((candidate) => record.states.at(-1)?.startsWith(`${candidate} `)) as PipelineStepName;
        record.batches.push({ step, statements: described.SubStatements?.length ?? 1, seconds: (described.Duration ?? 0) / 1e9 });
      }
      return JSON.parse(JSON.stringify(described)) as Json;
    }
    if (resource === 'arn:aws:states:::sns:publish') {
      record.notifications.push(parameters.Message);
      return {};
    }
    throw new Error(`no stand-in for the Task resource ${resource}`);
  }
}

/** The Lambda functions of the template by logical id: which step, and their environment's plain values. */
function pipelineFunctions(resources: Record<string, { Properties: { Environment?: { Variables?: Record<string, unknown> } } }>): Map<string, LambdaFunction> {
  const functions = new Map<string, LambdaFunction>();
  for (const [id, resource] of Object.entries(resources)) {
    const variables = resource.Properties.Environment?.Variables ?? {};
    const step = variables.PIPELINE_STEP;
    if (typeof step !== 'string') continue;
    const environment = Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    // Tokens (ARNs, names of deployed resources) are what the local run replaces; note which exist.
    for (const [name, value] of Object.entries(variables)) if (typeof value !== 'string') environment[name] = `<token ${flatten(value)}>`;
    functions.set(id, { step: step as PipelineStepName, environment });
  }
  return functions;
}

describe('a daily run: the step Lambdas, walked in the synthesized state machine order, against the local Data API endpoint', () => {
  const sfn = mockClient(SFNClient);
  let s3Root: string;
  let endpoint: DataApiEndpoint;
  let walker: DefinitionWalker;
  let project: Project;
  let duckdb: DuckDbEngine;
  let redshift: RedshiftDataEngine;
  let onDuckDb: BuiltWarehouse;
  let first: Execution;
  let runDate: string;
  const started = Date.now();

  beforeAll(async () => {
    project = await loadProject(REPOSITORY);
    runDate = String(project.config.vars.run_date);
    s3Root = await mkdtemp(join(tmpdir(), 'daily-run-s3-'));
    const landingDir = join(s3Root, BUCKET);
    await generateLanding({ outDir: landingDir, scale: 0.01, days: 2, seed: 7, endDate: runDate });
    endpoint = await startDataApiEndpoint({ port: 0, s3Root });

    const { template } = await synthesizeApp();
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as { Properties: { DefinitionString: unknown } }[];
    const definition = JSON.parse(flatten(machine?.Properties.DefinitionString, { functionArns: true })) as AslDefinition;
    const functions = pipelineFunctions(template.findResources('AWS::Lambda::Function') as never);

    const folder = await mkdtemp(join(tmpdir(), 'daily-run-project-'));
    const projectFile = join(folder, 'project.json');
    await writeFile(projectFile, bundledProjectJson(project));
    const local = {
      PROJECT_FILE: projectFile,
      WORKGROUP_NAME: WORKGROUP,
      DATABASE_NAME: DATABASE,
      STATE_MACHINE_ARN,
      LANDING_BUCKET: BUCKET,
      LANDING_READER_ROLE_ARN: 'arn:aws:iam::123456789012:role/landing-reader',
      // No admin secret: Bootstrap's grants step is off (the endpoint has no roles).
      ADMIN_SECRET_ARN: '',
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_REDSHIFT_DATA: endpoint.url,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    for (const [name, value] of Object.entries(local)) vi.stubEnv(name, value);
    vi.stubGlobal('fetch', localS3(s3Root));
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });

    const client = new RedshiftDataClient({ endpoint: endpoint.url, region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    walker = new DefinitionWalker(definition, functions, local, client);
    redshift = new RedshiftDataEngine({ workgroupName: WORKGROUP, database: DATABASE, client, pollIntervalMs: 5, maxPollIntervalMs: 50 });
    duckdb = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    onDuckDb = await buildWarehouse(project, { engine: duckdb, load: (options) => loadOnDuckDb(duckdb, options) }, { landingDir, runId: 'on-duckdb' });

    const walkStarted = Date.now();
    first = await walker.execute('run-1', { run_date: runDate, full_refresh: true });
    const statements = first.batches.reduce((sum, batch) => sum + batch.statements, 0);
    const seconds = first.batches.reduce((sum, batch) => sum + batch.seconds, 0);
    console.log(
      `daily run on the endpoint: ${first.states.length} states entered, ${first.batches.length} batches, ${statements} statements, ${seconds.toFixed(1)} s of statements, ` +
        `${((Date.now() - walkStarted) / 1000).toFixed(1)} s walked; setup ${((walkStarted - started) / 1000).toFixed(1)} s`,
    );
  }, 900_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    sfn.restore();
    await Promise.all([duckdb?.close(), redshift?.close(), endpoint?.close()]);
    if (s3Root) await rm(s3Root, { recursive: true, force: true });
  });

  it('walks every step in the definition order, each through its submit → wait → describe loop, and succeeds', () => {
    expect(first.status, JSON.stringify({ states: first.states.slice(-4), notifications: first.notifications })).toBe('SUCCEEDED');
    const entered = first.states.filter((state) => (PIPELINE_STEPS as readonly string[]).includes(state));
    expect(entered).toEqual([...PIPELINE_STEPS]);
    for (const step of PIPELINE_STEPS) expect(first.invocations[step], step).toBeGreaterThanOrEqual(1);
    expect(first.states).toContain('LoadRawDay describe');
    expect(first.states.at(-1)).toBe('Run succeeded');
    expect(first.notifications).toEqual([]);
  });

  it('publishes tables equal to the local DuckDB build of the same landing', async () => {
    expect(onDuckDb.run.success).toBe(true);
    expect(onDuckDb.load.totals.rowsLoaded).toBeGreaterThan(1_000);
    const differences = await compareWarehouses(duckdb, redshift, onDuckDb.plan, { checkRunIds: ['on-duckdb', 'run-1'] });
    expect(differenceLines(differences.filter((difference) => difference.kind !== 'check'), ['duckdb', 'redshift'])).toEqual([]);
  }, 600_000);

  it('finds the same outcome and failing-row count for every data test (QualityChecks checks the staged run, the local build the published one)', async () => {
    const outcomes = async (engine: DuckDbEngine | RedshiftDataEngine, runId: string) =>
      (await engine.query(`select test_name, status, failures from audit.check_results where run_id = '${runId}'`))
        .map((row) => `${String(row.test_name)}: ${String(row.status)} ${Number(row.failures)}`)
        .sort();
    const onPipeline = await outcomes(redshift, 'run-1');
    expect(onPipeline.length).toBeGreaterThan(100);
    expect(onPipeline).toEqual(await outcomes(duckdb, 'on-duckdb'));
  }, 600_000);

  it('stops before Publish when an error-severity check fails, notifies, and leaves the published tables as they were', async () => {
    const published = async () => (await redshift.query('select account_id from analytics.dim_accounts order by account_id')).map((row) => String(row.account_id));
    const before = await published();
    expect(before.length).toBeGreaterThan(0);

    const second = await walker.execute('run-2', { run_date: runDate }, async (state) => {
      // A duplicate key in a staged table, after it is built and before it is checked.
      if (state === 'QualityChecks') await redshift.query('insert into analytics.dim_accounts__wap select * from analytics.dim_accounts__wap limit 1');
    });

    expect(second.status).toBe('FAILED');
    expect(second.error).toBe('QualityChecksFailed');
    expect(second.states).not.toContain('Publish');
    expect(second.states.slice(-3)).toEqual(['QualityChecks failed', 'Notify failure', 'Run failed']);
    expect(second.notifications).toEqual([expect.objectContaining({ runId: 'run-2', step: 'QualityChecks', error: 'QualityChecksFailed' })]);
    const failing = await redshift.query("select test_name, severity, status from audit.check_results where run_id = 'run-2' and status <> 'pass' and severity = 'error'");
    expect(failing.map((row) => String(row.test_name))).toContainEqual(expect.stringContaining('unique_dim_accounts_account_id'));
    expect(await published()).toEqual(before);
    const differences = await compareWarehouses(duckdb, redshift, onDuckDb.plan);
    expect(differenceLines(differences.filter((difference) => difference.kind !== 'check'), ['duckdb', 'redshift'])).toEqual([]);
  }, 600_000);
});
