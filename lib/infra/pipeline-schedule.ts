/**
 * The daily start: EventBridge Scheduler starts the state machine at a
 * configurable time in a configurable time zone and passes the scheduled time, from which
 * Bootstrap takes the run date (the scheduled instant's date in the same time zone), so a late or
 * retried start still builds the day it was scheduled for.
 *
 * One run at a time: a start while a run is in progress (a manual run, a retried schedule) is
 * refused by Bootstrap's guard before it touches the warehouse (lib/pipeline/concurrency-guard.ts).
 * Scheduler retries therefore cannot double a run, and a start that never happens is caught by the
 * staleness alarm, so no dead-letter queue is kept.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ExecutionInput } from '../pipeline/pipeline-contract.ts';
import { mergeProps } from './merge-props.ts';
import { PropsProblems } from './props-problems.ts';

export interface PipelineScheduleProps {
  readonly stateMachine: sfn.IStateMachine;
  /** EventBridge Scheduler expression. @default 'cron(0 3 * * ? *)' (03:00 every day) */
  readonly expression?: string;
  /** IANA time zone the expression is read in. @default 'UTC' */
  readonly timeZone?: string;
  /** @default true */
  readonly enabled?: boolean;
  /** Scheduler's retries of a failed StartExecution call. @default 3 */
  readonly retryAttempts?: number;
}

export function defaultPipelineScheduleProps(): Required<Omit<PipelineScheduleProps, 'stateMachine'>> {
  return { expression: 'cron(0 3 * * ? *)', timeZone: 'UTC', enabled: true, retryAttempts: 3 };
}

export class PipelineSchedule extends Construct {
  public readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: PipelineScheduleProps) {
    super(scope, id);
    const settings = mergeProps({ ...defaultPipelineScheduleProps(), stateMachine: props.stateMachine }, props);
    const problems = new PropsProblems('PipelineSchedule');
    problems.require(/^(cron|rate|at)\(.+\)$/.test(settings.expression), `expression must be a cron(...), rate(...) or at(...) expression (got '${settings.expression}')`);
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: settings.timeZone });
    } catch {
      problems.add(`timeZone must be an IANA time zone (got '${settings.timeZone}')`);
    }
    problems.integerInRange('retryAttempts', settings.retryAttempts, 0, 185);
    problems.throwIfAny();

    const input: ExecutionInput = { scheduled_time: scheduler.ContextAttribute.scheduledTime };
    this.schedule = new scheduler.Schedule(this, 'Daily', {
      description: 'Starts the crm-warehouse pipeline for the scheduled date',
      schedule: scheduler.ScheduleExpression.expression(settings.expression, TimeZone.of(settings.timeZone)),
      enabled: settings.enabled,
      target: new targets.StepFunctionsStartExecution(settings.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject(input),
        retryAttempts: settings.retryAttempts,
        maxEventAge: Duration.hours(1),
      }),
    });
  }
}
