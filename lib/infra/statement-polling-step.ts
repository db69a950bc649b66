/**
 * One step of the pipeline as state machine states (the loop drawn in pipeline-contract.ts):
 * reset the cursor, let the step's Lambda submit a batch, wait with doubling waits, ask whether the
 * batch still runs, and call the step's Lambda again once it does not.
 *
 * The question goes to a poll Lambda running under the step's own role (lambdas/poll-statement.ts):
 * statements belong to the IAM role that submitted them
 * (https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ListStatements.html, RoleLevel)
 * and each role may describe only its own (lib/infra/pipeline.ts), so the state machine's role
 * could not.
 * Only the status comes back: the full description repeats every statement's SQL and could
 * outgrow the 256 KB state limit. The step's Lambda, called again after the batch ends, reads the
 * batch's outcome itself and turns a failure into a StatementFailed error naming the statement,
 * which the Catch reports.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  INITIAL_WAIT_SECONDS,
  PIPELINE_ERRORS,
  RUNNING_STATEMENT_STATES,
  type PipelineStepName,
} from '../pipeline/pipeline-contract.ts';
import { PropsProblems } from './props-problems.ts';

export interface StatementPollingStepProps {
  readonly stepName: PipelineStepName;
  readonly handler: lambda.IFunction;
  /** The statement poll running under the same role as `handler` (lambdas/poll-statement.ts). */
  readonly poller: lambda.IFunction;
  /** Where every error of this step's tasks goes (with the error at `$.error`). */
  readonly onError: sfn.IChainable;
  /** The longest wait between two polls. @default 60 */
  readonly maxWaitSeconds?: number;
  /** The first step starts the state afresh (`{ run: {}, step: { cursor: 0 } }`) instead of keeping `run`. @default false */
  readonly startsRun?: boolean;
}

/**
 * Errors of a poll that a retry can fix: the poll Lambda's names for a throttled or failing Data
 * API (lib/pipeline/pipeline-errors.ts), and Lambda's own throttling of invocations.
 */
export const POLL_RETRY_ERRORS = [PIPELINE_ERRORS.throttled, PIPELINE_ERRORS.transient, 'Lambda.TooManyRequestsException'];

export class StatementPollingStep extends Construct {
  public readonly entry: sfn.Pass;
  public readonly submit: tasks.LambdaInvoke;
  public readonly done: sfn.Choice;
  public readonly wait: sfn.Wait;
  public readonly describe: tasks.LambdaInvoke;
  public readonly running: sfn.Choice;
  public readonly backoff: sfn.Pass;
  public readonly capWait: sfn.Pass;

  constructor(scope: Construct, id: string, props: StatementPollingStepProps) {
    super(scope, id);
    const maxWaitSeconds = props.maxWaitSeconds ?? 60;
    const problems = new PropsProblems(`StatementPollingStep ${props.stepName}`);
    problems.integerInRange('maxWaitSeconds', maxWaitSeconds, INITIAL_WAIT_SECONDS, 3600);
    problems.throwIfAny();
    const name = props.stepName;

    this.entry = props.startsRun
      ? new sfn.Pass(this, 'Entry', { stateName: name, parameters: { run: {}, step: { cursor: 0 } }, comment: `Start a run at ${name}` })
      : new sfn.Pass(this, 'Entry', { stateName: name, result: sfn.Result.fromObject({ cursor: 0 }), resultPath: '$.step' });

    this.submit = new tasks.LambdaInvoke(this, 'Submit', {
      stateName: `${name} submit`,
      comment: `Submit ${name}'s next batch, or read the finished one and report done`,
      lambdaFunction: props.handler,
      payload: sfn.TaskInput.fromObject({
        run: sfn.JsonPath.objectAt('$.run'),
        step: sfn.JsonPath.objectAt('$.step'),
        execution: {
          id: sfn.JsonPath.stringAt('$$.Execution.Id'),
          name: sfn.JsonPath.stringAt('$$.Execution.Name'),
          startTime: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
          input: sfn.JsonPath.objectAt('$$.Execution.Input'),
        },
      }),
      resultSelector: { run: sfn.JsonPath.objectAt('$.Payload.run'), step: sfn.JsonPath.objectAt('$.Payload.step') },
      resultPath: '$',
      retryOnServiceExceptions: true,
    });
    // Submits are idempotent (the Lambda passes a ClientToken derived from execution, step and
    // cursor), so a retried call after a lost response gets the same statement back. Lambda's
    // own throttling of invocations is retried the same way (CDK's default retry leaves it out).
    this.submit.addRetry({
      errors: [PIPELINE_ERRORS.throttled, PIPELINE_ERRORS.transient, 'Lambda.TooManyRequestsException'],
      interval: Duration.seconds(5),
      maxAttempts: 6,
      backoffRate: 2,
      maxDelay: Duration.minutes(2),
      jitterStrategy: sfn.JitterType.FULL,
    });
    this.submit.addCatch(props.onError, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

    this.wait = new sfn.Wait(this, 'Wait', { stateName: `${name} wait`, time: sfn.WaitTime.secondsPath('$.step.waitSeconds') });

    this.describe = new tasks.LambdaInvoke(this, 'Describe', {
      stateName: `${name} describe`,
      comment: 'Is the submitted batch still running? Asked under the role that submitted it',
      lambdaFunction: props.poller,
      payload: sfn.TaskInput.fromObject({ statementId: sfn.JsonPath.stringAt('$.step.statementId') }),
      resultSelector: { status: sfn.JsonPath.stringAt('$.Payload.status') },
      resultPath: '$.describe',
      retryOnServiceExceptions: true,
    });
    this.describe.addRetry({
      errors: POLL_RETRY_ERRORS,
      interval: Duration.seconds(2),
      maxAttempts: 6,
      backoffRate: 2,
      maxDelay: Duration.minutes(1),
      jitterStrategy: sfn.JitterType.FULL,
    });
    this.describe.addCatch(props.onError, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

    const stepWith = (waitSeconds: string | number): Record<string, unknown> => ({
      cursor: sfn.JsonPath.numberAt('$.step.cursor'),
      statementId: sfn.JsonPath.stringAt('$.step.statementId'),
      memo: sfn.JsonPath.objectAt('$.step.memo'),
      done: false,
      waitSeconds,
    });
    this.backoff = new sfn.Pass(this, 'Backoff', {
      stateName: `${name} backoff`,
      comment: 'Double the wait',
      parameters: stepWith(sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$.step.waitSeconds'), sfn.JsonPath.numberAt('$.step.waitSeconds'))),
      resultPath: '$.step',
    });
    this.capWait = new sfn.Pass(this, 'CapWait', {
      stateName: `${name} cap wait`,
      comment: `Wait at most ${maxWaitSeconds} seconds`,
      parameters: stepWith(maxWaitSeconds),
      resultPath: '$.step',
    });
    const capped = new sfn.Choice(this, 'Capped', { stateName: `${name} wait too long?` })
      .when(sfn.Condition.numberGreaterThan('$.step.waitSeconds', maxWaitSeconds), this.capWait.next(this.wait))
      .otherwise(this.wait);

    this.running = new sfn.Choice(this, 'Running', { stateName: `${name} still running?` })
      .when(sfn.Condition.or(...RUNNING_STATEMENT_STATES.map((state) => sfn.Condition.stringEquals('$.describe.status', state))), this.backoff.next(capped))
      .otherwise(this.submit);

    this.done = new sfn.Choice(this, 'Done', { stateName: `${name} done?` });
    this.done.otherwise(this.wait);
    this.entry.next(this.submit).next(this.done);
    this.wait.next(this.describe).next(this.running);
  }

  /** Continues with `next` once this step reports done. */
  public then(next: sfn.IChainable): void {
    this.done.when(sfn.Condition.booleanEquals('$.step.done', true), next);
  }
}
