/**
 * The deployable stack: landing storage, the private network, the warehouse, the pipeline, its
 * schedule, notifications and monitoring, wired from one ResolvedConfig. Environment-agnostic, so
 * `cdk synth` needs no credentials; account and region come from the deploying profile.
 */
import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { PlanLayer } from '../plan/plan.ts';
import type { Project } from '../project/project.ts';
import { AppFlowIngestion } from './appflow-ingestion.ts';
import type { ResolvedConfig } from './crm-warehouse-config.ts';
import { LandingStorage } from './landing-storage.ts';
import { applyNagSuppressions } from './nag-suppressions.ts';
import { Pipeline } from './pipeline.ts';
import { PipelineMetrics } from './pipeline-metrics.ts';
import { PipelineMonitoring } from './pipeline-monitoring.ts';
import { PipelineNotifications } from './pipeline-notifications.ts';
import { PipelineSchedule } from './pipeline-schedule.ts';
import { STACK_OUTPUTS } from './stack-outputs.ts';
import { Warehouse } from './warehouse.ts';
import { WORKGROUP_MIN_AVAILABILITY_ZONES, WarehouseNetwork } from './warehouse-network.ts';

export { STACK_OUTPUTS };

export interface CrmWarehouseStackProps extends StackProps {
  readonly config: ResolvedConfig;
  /** The loaded SQL project (bin/app.ts has already compiled it once to validate it). */
  readonly project: Project;
  /** The project's layers as the plan compiled at synth carries them: the pipeline builds each in a step of its own. */
  readonly layers: readonly PlanLayer[];
}

export class CrmWarehouseStack extends Stack {
  public readonly config: ResolvedConfig;
  public readonly storage: LandingStorage;
  public readonly network: WarehouseNetwork;
  public readonly warehouse: Warehouse;
  public readonly notifications: PipelineNotifications;
  public readonly pipeline: Pipeline;
  public readonly schedule: PipelineSchedule;
  public readonly metrics: PipelineMetrics;
  public readonly monitoring: PipelineMonitoring;
  /** Only with the `appflow` setting. */
  public readonly appflow?: AppFlowIngestion;

  constructor(scope: Construct, id: string, props: CrmWarehouseStackProps) {
    super(scope, id, props);
    this.config = props.config;
    const { config } = props;
    const retention = config.logRetentionDays as logs.RetentionDays;

    this.storage = new LandingStorage(this, 'Storage');
    this.network = new WarehouseNetwork(this, 'Network', { readableBuckets: [this.storage.landingBucket], flowLogRetention: retention });
    this.warehouse = new Warehouse(this, 'Warehouse', {
      vpc: this.network.vpc,
      securityGroup: this.network.securityGroup,
      landingBucket: this.storage.landingBucket,
      landingPrefix: this.storage.landingPrefix,
      databaseName: config.databaseName,
      baseCapacityRpu: config.baseCapacityRpu,
      maxCapacityRpu: config.maxCapacityRpu,
      usageLimitRpuHours: config.usageLimitRpuHours,
      usageLimitBreachAction: config.usageLimitBreachAction,
      logRetention: retention,
    });
    this.notifications = new PipelineNotifications(this, 'Notifications', { email: config.alarmEmail });
    this.pipeline = new Pipeline(this, 'Pipeline', {
      warehouse: this.warehouse,
      landingBucket: this.storage.landingBucket,
      landingPrefix: this.storage.landingPrefix,
      notificationTopic: this.notifications.topic,
      project: props.project,
      layers: props.layers,
      executionTimeout: Duration.minutes(config.executionTimeoutMinutes),
      includeExecutionData: config.includeExecutionData,
      logRetention: retention,
      maxLoadErrors: config.maxLoadErrors,
      timeZone: config.scheduleTimeZone,
    });
    this.schedule = new PipelineSchedule(this, 'Schedule', {
      stateMachine: this.pipeline.stateMachine,
      expression: config.scheduleExpression,
      timeZone: config.scheduleTimeZone,
      enabled: config.scheduleEnabled,
    });
    this.metrics = new PipelineMetrics({
      stateMachine: this.pipeline.stateMachine,
      functions: this.pipeline.functions,
      pollers: this.pipeline.pollers,
      workgroupName: this.warehouse.workgroupName,
      metricsNamespace: this.pipeline.metricsNamespace,
    });
    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      metrics: this.metrics,
      notificationTopic: this.notifications.topic,
      usageLimitRpuHours: config.usageLimitRpuHours,
      stalenessHours: config.stalenessHours,
    });
    if (config.appflow !== undefined) {
      this.appflow = new AppFlowIngestion(this, 'AppFlow', {
        settings: config.appflow,
        crmSource: props.project.config.vars.crm_source,
        sourceTables: props.project.sources,
        landingBucket: this.storage.landingBucket,
        landingPrefix: this.storage.landingPrefix,
        timeZone: config.scheduleTimeZone,
        logRetention: retention,
        notificationTopic: this.notifications.topic,
        notificationKey: this.notifications.key,
      });
    }

    new CfnOutput(this, STACK_OUTPUTS.stateMachineArn, {
      description: 'Start and follow runs with: npx crm-warehouse-ops start --run-date YYYY-MM-DD --follow',
      value: this.pipeline.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, STACK_OUTPUTS.landingBucketName, {
      description: `Land extracts under s3://<bucket>/${this.storage.landingPrefix}<table>/ingest_date=YYYY-MM-DD/`,
      value: this.storage.landingBucket.bucketName,
    });
    new CfnOutput(this, STACK_OUTPUTS.workgroupName, { description: 'Redshift Serverless workgroup', value: this.warehouse.workgroupName });
    new CfnOutput(this, STACK_OUTPUTS.dashboardName, { description: 'CloudWatch dashboard', value: this.monitoring.dashboard.dashboardName });

    applyNagSuppressions(this);
  }

  /**
   * Redshift Serverless needs subnets in three zones, and an environment-agnostic stack offers
   * only two by default. Three `Fn::GetAZs` picks need no lookup and resolve in whatever region
   * the stack is deployed to; configured zone names replace them.
   */
  override get availabilityZones(): string[] {
    const configured = this.config?.availabilityZones;
    if (configured !== undefined) return [...configured];
    return Array.from({ length: WORKGROUP_MIN_AVAILABILITY_ZONES }, (_, index) => Fn.select(index, Fn.getAzs()));
  }
}
