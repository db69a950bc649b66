/**
 * The one dashboard and the alarms, assembled from PipelineMetrics.
 * Every alarm notifies the notification topic. Alarms:
 * - a run failed, or timed out;
 * - an error-severity data check failed (the run stopped before publishing);
 * - a source table was stale (past error_after, or without data) when the run checked freshness
 *   after loading; the run itself went on, as dbt's `source freshness` only reports;
 * - no run succeeded for `stalenessHours` (a schedule that never fired, a pipeline stuck failing);
 * - any step or statement poll Lambda errored;
 * - the workgroup used its daily RPU-hours (the usage limit's breach action is now in force).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PropsProblems } from './props-problems.ts';
import type { PipelineMetrics } from './pipeline-metrics.ts';

/** The most metrics one metric math alarm may read. */
const MAX_ALARM_METRICS = 10;

export interface PipelineMonitoringProps {
  readonly metrics: PipelineMetrics;
  readonly notificationTopic: sns.ITopic;
  /** The workgroup's daily RPU-hours usage limit, for the usage alarm's threshold. */
  readonly usageLimitRpuHours: number;
  /** @default 26 */
  readonly stalenessHours?: number;
  /** @default `<stack name>-pipeline` */
  readonly dashboardName?: string;
}

export class PipelineMonitoring extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly executionFailedAlarm: cloudwatch.Alarm;
  public readonly executionTimedOutAlarm: cloudwatch.Alarm;
  public readonly errorChecksFailedAlarm: cloudwatch.Alarm;
  public readonly staleSourcesAlarm: cloudwatch.Alarm;
  public readonly stalenessAlarm: cloudwatch.Alarm;
  /** One alarm per ten step and poll functions: the project's layers decide how many steps there are. */
  public readonly lambdaErrorsAlarms: readonly cloudwatch.Alarm[];
  public readonly usageLimitAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    const stalenessHours = props.stalenessHours ?? 26;
    const dashboardName = props.dashboardName ?? `${Stack.of(this).stackName}-pipeline`;
    const problems = new PropsProblems('PipelineMonitoring');
    problems.integerInRange('stalenessHours', stalenessHours, 1, 168);
    problems.integerInRange('usageLimitRpuHours', props.usageLimitRpuHours, 1, 1_000_000);
    problems.require(/^[A-Za-z0-9_-]{1,255}$/.test(dashboardName), `dashboardName must be letters, digits, '-' or '_' (got '${dashboardName}')`);
    problems.throwIfAny();
    const { metrics } = props;

    this.executionFailedAlarm = new cloudwatch.Alarm(this, 'ExecutionFailed', {
      alarmDescription: 'A crm-warehouse run failed: see the failure notice on the topic and the execution history',
      metric: metrics.executionsFailed(),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.executionTimedOutAlarm = new cloudwatch.Alarm(this, 'ExecutionTimedOut', {
      alarmDescription: 'A crm-warehouse run hit the state machine timeout',
      metric: metrics.executionsTimedOut(),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.errorChecksFailedAlarm = new cloudwatch.Alarm(this, 'ErrorChecksFailed', {
      alarmDescription: 'An error-severity data check failed; the run stopped before publishing (see audit.check_results)',
      metric: metrics.checkFailures('error'),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.staleSourcesAlarm = new cloudwatch.Alarm(this, 'StaleSources', {
      alarmDescription: 'A source table was stale when the run checked freshness (past error_after, or no data): see audit.source_freshness; the run went on with what was landed',
      metric: metrics.sourceFreshness('stale'),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // Hourly periods, all of them without a success: "none in the last N hours". Missing data
    // (no execution at all) is exactly the case to catch, so it breaches.
    this.stalenessAlarm = new cloudwatch.Alarm(this, 'NoRecentSuccess', {
      alarmDescription: `No crm-warehouse run has succeeded in ${stalenessHours} hours: the warehouse is stale`,
      metric: metrics.executionsSucceeded(Duration.hours(1)),
      threshold: 1,
      evaluationPeriods: stalenessHours,
      datapointsToAlarm: stalenessHours,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    const steps = metrics.steps();
    const lambdaErrors = [...steps.map((step) => metrics.stepErrors(step)), ...metrics.pollErrors()];
    // An alarm on a metric math expression reads at most 10 metrics, a hard limit
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html), and each layer adds a
    // step function, so the errors are split over as many alarms as it takes; the first keeps its old id.
    const groups = Array.from({ length: Math.ceil(lambdaErrors.length / MAX_ALARM_METRICS) }, (_, group) =>
      lambdaErrors.slice(group * MAX_ALARM_METRICS, (group + 1) * MAX_ALARM_METRICS),
    );
    this.lambdaErrorsAlarms = groups.map(
      (group, index) =>
        new cloudwatch.Alarm(this, index === 0 ? 'StepLambdaErrors' : `StepLambdaErrors${index + 1}`, {
          alarmDescription: `A pipeline step Lambda or statement poll errored (the run it belonged to failed or retried): ${group.map((metric) => metric.label).join(', ')}`,
          metric: new cloudwatch.MathExpression({
            expression: 'SUM(METRICS())',
            usingMetrics: Object.fromEntries(group.map((metric, at) => [`e${at}`, metric])),
            label: 'Step and poll Lambda errors',
            period: Duration.minutes(5),
          }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );
    this.usageLimitAlarm = new cloudwatch.Alarm(this, 'UsageLimitReached', {
      alarmDescription: `The workgroup used its daily ${props.usageLimitRpuHours} RPU-hours; the usage limit's breach action applies`,
      metric: metrics.computeSeconds(Duration.days(1)),
      threshold: props.usageLimitRpuHours * 3600,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const alarms = [
      this.executionFailedAlarm,
      this.executionTimedOutAlarm,
      this.errorChecksFailedAlarm,
      this.staleSourcesAlarm,
      this.stalenessAlarm,
      ...this.lambdaErrorsAlarms,
      this.usageLimitAlarm,
    ];
    for (const alarm of alarms) alarm.addAlarmAction(new actions.SnsAction(props.notificationTopic));

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName,
      defaultInterval: Duration.days(14),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: `# crm-warehouse pipeline\nDaily runs: ${steps.join(' → ')}.`,
            width: 24,
            height: 2,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 3 })],
        [
          new cloudwatch.GraphWidget({
            title: 'Executions',
            left: [metrics.executionsStarted(), metrics.executionsSucceeded(), metrics.executionsFailed(), metrics.executionsTimedOut()],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Execution duration',
            left: [metrics.executionDuration('Average'), metrics.executionDuration('Maximum')],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'Step Lambda errors', left: lambdaErrors, width: 12 }),
          new cloudwatch.GraphWidget({ title: 'Step Lambda duration (max)', left: steps.map((step) => metrics.stepDuration(step)), width: 12 }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'Redshift Serverless capacity (RPU)', left: [metrics.computeCapacity()], width: 12 }),
          new cloudwatch.GraphWidget({
            title: 'Redshift Serverless compute (RPU-seconds)',
            left: [metrics.computeSeconds()],
            leftAnnotations: [{ value: (props.usageLimitRpuHours * 3600) / 24, label: 'usage limit, per hour on average' }],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Data checks failed',
            left: [metrics.checkFailures('error', Duration.days(1)), metrics.checkFailures('warn', Duration.days(1))],
            width: 12,
          }),
          new cloudwatch.GraphWidget({ title: 'Raw rows', left: [metrics.rawRows('loaded')], right: [metrics.rawRows('rejected')], width: 12 }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Source freshness (tables)',
            left: [metrics.sourceFreshness('stale', Duration.days(1)), metrics.sourceFreshness('warn', Duration.days(1))],
            width: 12,
          }),
          new cloudwatch.GraphWidget({ title: 'Scoring skipped', left: [metrics.scoringSkipped()], leftYAxis: { min: 0, max: 1 }, width: 12 }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Pipeline value and revenue',
            left: [metrics.kpi('pipelineValue', 'Open pipeline value'), metrics.kpi('revenue', 'Revenue')],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Win rate and SLA compliance (%)',
            left: [metrics.kpi('winRate', 'Win rate'), metrics.kpi('slaCompliance', 'SLA compliance')],
            leftYAxis: { min: 0, max: 100 },
            width: 8,
          }),
          new cloudwatch.GraphWidget({ title: 'Open ticket backlog', left: [metrics.kpi('ticketBacklog', 'Open tickets')], width: 8 }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Revenue retention, trailing twelve months (%)',
            left: [metrics.kpi('netRevenueRetention', 'Net revenue retention (NRR)'), metrics.kpi('grossRevenueRetention', 'Gross revenue retention (GRR)')],
            leftAnnotations: [{ value: 100, label: '100%' }],
            leftYAxis: { min: 0 },
            width: 24,
          }),
        ],
      ],
    });
  }
}
