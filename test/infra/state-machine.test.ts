/**
 * The synthesized state machine definition: valid ASL (asl-validator), and walked state by state
 * to check the step order, each step's polling loop, the retries, and that every Task is caught
 * and ends in the failure notification.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIPELINE_ERRORS } from '../../lib/pipeline/pipeline-contract.ts';
import { flatten, synthesizeApp, repositorySteps } from './synth-app.ts';

const PIPELINE_STEPS = await repositorySteps();

interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly ResultSelector?: Record<string, unknown>;
  readonly Result?: unknown;
  readonly ResultPath?: string | null;
  readonly SecondsPath?: string;
  readonly Choices?: readonly Record<string, unknown>[];
  readonly Retry?: readonly { ErrorEquals: string[]; BackoffRate?: number; IntervalSeconds?: number; MaxAttempts?: number }[];
  readonly Catch?: readonly { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
}

interface AslDefinition {
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly States: Record<string, AslState>;
}

type AslValidator = (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

let definition: AslDefinition;
let resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;

function state(name: string): AslState {
  const found = definition.States[name];
  if (found === undefined) throw new Error(`no state '${name}'`);
  return found;
}

/** The Next of a Choice branch whose condition mentions `needle`. */
function branch(choice: AslState, needle: string): string | undefined {
  return choice.Choices?.find((candidate) => JSON.stringify(candidate).includes(needle))?.Next as string | undefined;
}

beforeAll(async () => {
  const { template } = await synthesizeApp();
  resources = template.toJSON().Resources as typeof resources;
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  const [machine] = Object.values(machines) as { Properties: { DefinitionString: unknown } }[];
  definition = JSON.parse(flatten(machine?.Properties.DefinitionString, { functionArns: true })) as AslDefinition;
});

describe('the pipeline state machine', () => {
  it('is valid Amazon States Language', () => {
    const result = aslValidator(definition);
    expect(result.isValid, result.errorsText('\n')).toBe(true);
  });

  it('would be refused by the validator with a dangling transition', () => {
    const broken = structuredClone(definition) as { States: Record<string, { Next?: string }> };
    (broken.States['Staging wait'] as { Next?: string }).Next = 'No such state';
    expect(aslValidator(broken).isValid).toBe(false);
  });

  it('runs the steps in order, from Bootstrap to Publish, then succeeds', () => {
    const visited: string[] = [];
    let current: string | undefined = definition.StartAt;
    while (current !== undefined && state(current).Type !== 'Succeed') {
      visited.push(current);
      const done = state(`${current} done?`);
      current = branch(done, '"Variable":"$.step.done"');
    }
    expect(visited).toEqual([...PIPELINE_STEPS]);
    expect(current).toBe('Run succeeded');
  });

  /** The states that lead into `target`. */
  const into = (target: string): string[] =>
    Object.entries(definition.States)
      .filter(([, candidate]) => [candidate.Next, candidate.Default, ...(candidate.Choices ?? []).map((choice) => choice.Next)].includes(target))
      .map(([name]) => name);

  it('checks source freshness after the raw load, before the first layer is built', () => {
    expect(PIPELINE_STEPS.slice(0, 4)).toEqual(['Bootstrap', 'LoadRawDay', 'SourceFreshness', 'Staging']);
    expect(into('SourceFreshness')).toEqual(['LoadRawDay done?']);
    expect(into('Staging')).toEqual(['SourceFreshness done?']);
    expect(String(state('SourceFreshness submit').Parameters?.FunctionName).split(':').at(-1)).toMatch(/^PipelineSourceFreshnessFunction[0-9A-F]{8}$/);
  });

  it('scores after the data tests of the last layer and before Publish, which only Scoring leads into', () => {
    expect(PIPELINE_STEPS.slice(-4)).toEqual(['Marts', 'QualityChecks', 'Scoring', 'Publish']);
    expect(into('QualityChecks')).toEqual(['Marts done?']);
    expect(into('Scoring')).toEqual(['QualityChecks done?']);
    expect(into('Publish')).toEqual(['Scoring done?']);
    expect(String(state('Scoring submit').Parameters?.FunctionName).split(':').at(-1)).toMatch(/^PipelineScoringFunction[0-9A-F]{8}$/);
  });

  it.each(PIPELINE_STEPS)('%s resets its cursor and loops submit → wait → describe until the batch stops running', (step) => {
    const entry = state(step);
    expect(entry.Type).toBe('Pass');
    expect(entry.Next).toBe(`${step} submit`);
    const submit = state(`${step} submit`);
    expect(submit.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(submit.Next).toBe(`${step} done?`);
    expect(state(`${step} done?`).Default).toBe(`${step} wait`);
    const wait = state(`${step} wait`);
    expect(wait).toMatchObject({ Type: 'Wait', SecondsPath: '$.step.waitSeconds', Next: `${step} describe` });
    const describe = state(`${step} describe`);
    expect(describe.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(describe.Parameters).toMatchObject({ Payload: { 'statementId.$': '$.step.statementId' } });
    expect(describe.ResultSelector).toEqual({ 'status.$': '$.Payload.status' });
    expect(describe.ResultPath).toBe('$.describe');
    const running = state(`${step} still running?`);
    expect(describe.Next).toBe(`${step} still running?`);
    for (const status of ['SUBMITTED', 'PICKED', 'STARTED']) expect(JSON.stringify(running.Choices)).toContain(`"StringEquals":"${status}"`);
    expect(running.Default).toBe(`${step} submit`);
    const backoff = state(branch(running, 'SUBMITTED') ?? '');
    expect(JSON.stringify(backoff.Parameters)).toContain('States.MathAdd($.step.waitSeconds, $.step.waitSeconds)');
    const capped = state(backoff.Next ?? '');
    expect(capped.Type).toBe('Choice');
    expect(capped.Default).toBe(`${step} wait`);
    expect(state(branch(capped, 'NumericGreaterThan') ?? '').Parameters).toMatchObject({ waitSeconds: 60 });
  });

  it('starts the run state afresh at Bootstrap and keeps it in every later step', () => {
    expect(state('Bootstrap').Parameters).toEqual({ run: {}, step: { cursor: 0 } });
    for (const step of PIPELINE_STEPS.slice(1)) expect(state(step)).toMatchObject({ Result: { cursor: 0 }, ResultPath: '$.step' });
  });

  it('retries the step Lambdas on throttling and transient errors with exponential backoff', () => {
    for (const step of PIPELINE_STEPS) {
      const retries = state(`${step} submit`).Retry ?? [];
      const ours = retries.find((retry) => retry.ErrorEquals.includes(PIPELINE_ERRORS.throttled));
      expect(ours?.ErrorEquals).toEqual([PIPELINE_ERRORS.throttled, PIPELINE_ERRORS.transient, 'Lambda.TooManyRequestsException']);
      expect(ours?.BackoffRate).toBe(2);
      expect(retries.some((retry) => retry.ErrorEquals.includes('Lambda.ServiceException'))).toBe(true);
      expect(state(`${step} describe`).Retry?.find((retry) => retry.ErrorEquals.includes(PIPELINE_ERRORS.throttled))).toMatchObject({
        ErrorEquals: [PIPELINE_ERRORS.throttled, PIPELINE_ERRORS.transient, 'Lambda.TooManyRequestsException'],
        IntervalSeconds: 2,
        MaxAttempts: 6,
        BackoffRate: 2,
      });
      expect(state(`${step} describe`).Retry?.some((retry) => retry.ErrorEquals.includes('Lambda.ServiceException'))).toBe(true);
    }
  });

  it('retries only errors that are raised: no Redshift Data API error name, which the polls never let through', () => {
    // The service's own names (e.g. ActiveStatementsExceededException) reach the state machine as
    // PipelineThrottled/PipelineTransient (lib/pipeline/pipeline-errors.ts); ThrottlingException is
    // not even one the Data API models.
    const retried = Object.values(definition.States).flatMap((candidate) => (candidate.Retry ?? []).flatMap((retry) => retry.ErrorEquals));
    expect(retried.filter((name) => name.startsWith('RedshiftData.'))).toEqual([]);
  });

  it.each(PIPELINE_STEPS)('%s polls under the same IAM role that submitted its batches, never as the state machine', (step) => {
    const roleOf = (task: string): string => {
      const functionArn = String(state(task).Parameters?.FunctionName);
      const logicalId = functionArn.split(':').at(-1) ?? '';
      const fn = resources[logicalId];
      if (fn?.Type !== 'AWS::Lambda::Function') throw new Error(`${task} invokes ${functionArn}, not a function of the template`);
      return flatten(fn.Properties.Role);
    };
    const submitter = roleOf(`${step} submit`);
    expect(roleOf(`${step} describe`)).toBe(submitter);
    expect(submitter).toMatch(step === 'Bootstrap' ? /^<GetAtt:PipelineBootstrapRole[0-9A-F]+\.Arn>$/ : /^<GetAtt:PipelinePipelineRole[0-9A-F]+\.Arn>$/);
    const pollFunction = String(state(`${step} describe`).Parameters?.FunctionName).split(':').at(-1) ?? '';
    expect(resources[pollFunction]?.Properties.Handler).toBe('index.handler');
    expect(flatten(resources[pollFunction]?.Properties.Description)).toMatch(new RegExp(`statement poll for .*\\b${step}\\b`));
  });

  it('leaves the state machine role without any Redshift Data API permission', () => {
    const policies = Object.entries(resources).filter(([id, resource]) => resource.Type === 'AWS::IAM::Policy' && id.startsWith('PipelineStateMachineRole'));
    expect(policies).toHaveLength(1);
    expect(JSON.stringify(policies)).not.toContain('redshift-data');
  });

  it('catches every Task, names the failed step, notifies and fails', () => {
    const tasks = Object.entries(definition.States).filter(([, candidate]) => candidate.Type === 'Task');
    expect(tasks.length).toBe(PIPELINE_STEPS.length * 2 + 1);
    for (const [name, task] of tasks) {
      const catchAll = task.Catch?.find((handler) => handler.ErrorEquals.includes('States.ALL'));
      expect(catchAll, name).toBeDefined();
      if (name === 'Notify failure') {
        expect(catchAll?.Next).toBe('Run failed');
        continue;
      }
      const step = PIPELINE_STEPS.find((candidate) => name.startsWith(`${candidate} `));
      expect(catchAll?.Next).toBe(`${step} failed`);
      expect(catchAll?.ResultPath).toBe('$.error');
      const failed = state(`${step} failed`);
      expect(failed.Parameters).toMatchObject({ step, 'runId.$': '$$.Execution.Name', 'error.$': '$.error.Error', 'cause.$': '$.error.Cause' });
      expect(failed.Next).toBe('Notify failure');
    }
    expect(state('Notify failure')).toMatchObject({ Resource: 'arn:aws:states:::sns:publish', Next: 'Run failed' });
    expect(state('Notify failure').Parameters).toMatchObject({ 'Message.$': '$.failure' });
    expect(state('Run failed')).toMatchObject({ Type: 'Fail' });
  });

  it('gives the step Lambdas the run, the cursor and the execution facts', () => {
    expect(state('Staging submit').Parameters).toMatchObject({
      Payload: {
        'run.$': '$.run',
        'step.$': '$.step',
        execution: { 'id.$': '$$.Execution.Id', 'name.$': '$$.Execution.Name', 'startTime.$': '$$.Execution.StartTime', 'input.$': '$$.Execution.Input' },
      },
    });
  });

  it('stops a run after the configured timeout', () => {
    expect(definition.TimeoutSeconds).toBe(240 * 60);
  });
});
