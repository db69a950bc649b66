/**
 * Metric definitions (cdk-monitoring-constructs' "metric factory"): every metric the dashboard
 * and the alarms use, in one place, separate from how they are drawn or alarmed on.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { PipelineStepName } from '../pipeline/pipeline-contract.ts';
import { METRIC_DIMENSIONS, METRIC_SERVICE, PIPELINE_METRICS } from '../pipeline/pipeline-metric-names.ts';

export const REDSHIFT_SERVERLESS_NAMESPACE = 'AWS/Redshift-Serverless';

/** The business KPIs Publish reports (lib/pipeline/kpi-query.ts). */
export type KpiName = 'pipelineValue' | 'winRate' | 'revenue' | 'slaCompliance' | 'ticketBacklog' | 'netRevenueRetention' | 'grossRevenueRetention';

export interface PipelineMetricsProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly functions: Readonly<Record<PipelineStepName, lambda.IFunction>>;
  /** The statement polls, by the role they run under. */
  readonly pollers: Readonly<Record<'bootstrap' | 'pipeline', lambda.IFunction>>;
  readonly workgroupName: string;
  /** Namespace of the Lambdas' EMF metrics. */
  readonly metricsNamespace: string;
}

export class PipelineMetrics {
  constructor(private readonly props: PipelineMetricsProps) {}

  executionsStarted(): cloudwatch.IMetric {
    return this.props.stateMachine.metricStarted({ label: 'Started', period: Duration.hours(1), statistic: 'Sum' });
  }

  executionsSucceeded(period = Duration.hours(1)): cloudwatch.Metric {
    return this.props.stateMachine.metricSucceeded({ label: 'Succeeded', period, statistic: 'Sum' });
  }

  executionsFailed(): cloudwatch.Metric {
    return this.props.stateMachine.metricFailed({ label: 'Failed', period: Duration.minutes(5), statistic: 'Sum' });
  }

  executionsTimedOut(): cloudwatch.Metric {
    return this.props.stateMachine.metricTimedOut({ label: 'Timed out', period: Duration.minutes(5), statistic: 'Sum' });
  }

  executionDuration(statistic: 'Average' | 'Maximum'): cloudwatch.IMetric {
    return this.props.stateMachine.metricTime({ label: `Duration (${statistic.toLowerCase()})`, period: Duration.hours(1), statistic });
  }

  /** The steps in run order (the functions are keyed in that order). */
  steps(): PipelineStepName[] {
    return Object.keys(this.props.functions);
  }

  stepErrors(step: PipelineStepName): cloudwatch.Metric {
    return this.functionOf(step).metricErrors({ label: step, period: Duration.minutes(5), statistic: 'Sum' });
  }

  /** Errors of the statement polls: a failing poll fails its step just as the step's own Lambda would. */
  pollErrors(): cloudwatch.Metric[] {
    return Object.entries(this.props.pollers).map(([role, poller]) =>
      poller.metricErrors({ label: `Poll (${role} role)`, period: Duration.minutes(5), statistic: 'Sum' }),
    );
  }

  stepDuration(step: PipelineStepName): cloudwatch.Metric {
    return this.functionOf(step).metricDuration({ label: step, period: Duration.minutes(5), statistic: 'Maximum' });
  }

  /** Average RPUs in use. */
  computeCapacity(): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: REDSHIFT_SERVERLESS_NAMESPACE,
      metricName: 'ComputeCapacity',
      dimensionsMap: { Workgroup: this.props.workgroupName },
      statistic: 'Average',
      period: Duration.minutes(5),
      label: 'RPUs',
    });
  }

  /** RPU-seconds consumed: what Redshift Serverless bills. */
  computeSeconds(period = Duration.hours(1)): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: REDSHIFT_SERVERLESS_NAMESPACE,
      metricName: 'ComputeSeconds',
      dimensionsMap: { Workgroup: this.props.workgroupName },
      statistic: 'Sum',
      period,
      label: 'RPU-seconds',
    });
  }

  checkFailures(severity: 'error' | 'warn', period = Duration.minutes(5)): cloudwatch.Metric {
    return this.pipelineMetric(PIPELINE_METRICS.checkFailures, { [METRIC_DIMENSIONS.severity]: severity }, 'Sum', period, `${severity} checks failed`);
  }

  rawRows(kind: 'loaded' | 'rejected'): cloudwatch.Metric {
    const name = kind === 'loaded' ? PIPELINE_METRICS.rowsLoaded : PIPELINE_METRICS.rowsRejected;
    return this.pipelineMetric(name, {}, 'Sum', Duration.hours(1), `Raw rows ${kind}`);
  }

  kpi(name: KpiName, label: string): cloudwatch.Metric {
    return this.pipelineMetric(PIPELINE_METRICS[name], {}, 'Maximum', Duration.days(1), label);
  }

  /** Source tables past error_after (or not checkable), or past warn_after only, as the run's SourceFreshness step found them. */
  sourceFreshness(kind: 'stale' | 'warn', period = Duration.minutes(5)): cloudwatch.Metric {
    const name = kind === 'stale' ? PIPELINE_METRICS.staleSources : PIPELINE_METRICS.warnSources;
    return this.pipelineMetric(name, {}, 'Maximum', period, kind === 'stale' ? 'Stale sources (error)' : 'Sources past warn_after');
  }

  /** 1 when a run's Scoring step had too little history to fit and staged no scores. */
  scoringSkipped(): cloudwatch.Metric {
    return this.pipelineMetric(PIPELINE_METRICS.scoringSkipped, {}, 'Maximum', Duration.days(1), 'Scoring skipped (too little history)');
  }

  private functionOf(step: PipelineStepName): lambda.IFunction {
    const fn = this.props.functions[step];
    if (fn === undefined) throw new Error(`no pipeline step '${step}' (steps: ${this.steps().join(', ')})`);
    return fn;
  }

  private pipelineMetric(
    metricName: string,
    dimensions: Record<string, string>,
    statistic: string,
    period: Duration,
    label: string,
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.props.metricsNamespace,
      metricName,
      dimensionsMap: { [METRIC_DIMENSIONS.service]: METRIC_SERVICE, ...dimensions },
      statistic,
      period,
      label,
    });
  }
}
