/**
 * Optional ingestion from Salesforce or HubSpot with Amazon AppFlow (the `appflow` setting): one
 * scheduled, incremental flow per object the warehouse reads, writing CSV under `appflow/` in the
 * landing bucket, and a relay Lambda that copies each file AppFlow writes into the landing layout
 * (lib/sources/appflow-relay.ts), where the next pipeline run loads it as it loads any extract.
 *
 * The connection (AWS::AppFlow::ConnectorProfile) is not created here: Salesforce and HubSpot
 * connect through OAuth, whose tokens CloudFormation cannot fetch, so the user creates it in the
 * AppFlow console and names it (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-appflow-connectorprofile.html).
 * Flows: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-appflow-flow.html.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as appflow from 'aws-cdk-lib/aws-appflow';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SourceTableSpec } from '../project/project.ts';
import { appFlowCatalog, type AppFlowObject } from '../sources/appflow-objects.ts';
import type { RelayRoute } from '../sources/appflow-relay.ts';
import { appFlowNagSuppressions } from './appflow-nag-suppressions.ts';
import type { AppFlowSettings } from './appflow-settings.ts';
import { esmBundling } from './lambda-bundling.ts';
import { PropsProblems } from './props-problems.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const APPFLOW_OUTPUT_PREFIX = 'appflow/';
export const RELAY_ENTRY = 'lambdas/appflow-relay.ts';

/**
 * What AppFlow needs on a destination bucket, as its guide lists it
 * (https://docs.aws.amazon.com/appflow/latest/userguide/s3-policies-management.html), split into the
 * bucket-level and the object-level actions so that the objects are only those under `appflow/`.
 */
export const APPFLOW_BUCKET_ACTIONS = ['s3:GetBucketAcl', 's3:ListBucketMultipartUploads'] as const;
export const APPFLOW_OBJECT_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:PutObjectAcl'] as const;

export interface AppFlowIngestionProps {
  readonly settings: AppFlowSettings;
  /** The project's `crm_source` var: the warehouse must read the system the flows pull. */
  readonly crmSource: unknown;
  /** The project's declared source tables (sql/sources.yml). */
  readonly sourceTables: readonly SourceTableSpec[];
  readonly landingBucket: s3.Bucket;
  /** Ends in `raw/` (LandingStorage). */
  readonly landingPrefix: string;
  /** The pipeline's time zone: the flows' schedule and the relay's day are read in it. */
  readonly timeZone: string;
  readonly logRetention: logs.RetentionDays;
  /** Where a relay failure is alarmed: a file it could not land is a day's data the run will miss. */
  readonly notificationTopic: sns.ITopic;
  /** The topic's key, which EventBridge must be let use to publish a deactivated flow. @default - an unencrypted topic */
  readonly notificationKey?: kms.IKey;
  /** Days AppFlow's own files are kept once relayed. @default 7 */
  readonly outputExpirationDays?: number;
}

export class AppFlowIngestion extends Construct {
  /** By flow name. */
  public readonly flows: Readonly<Record<string, appflow.CfnFlow>>;
  public readonly objects: readonly AppFlowObject[];
  public readonly relayFunction: nodejs.NodejsFunction;
  public readonly relayRole: iam.Role;
  public readonly relayErrorsAlarm: cloudwatch.Alarm;
  public readonly flowDeactivatedRule: events.Rule;

  constructor(scope: Construct, id: string, props: AppFlowIngestionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { settings, landingBucket } = props;
    this.objects = selectedObjects(props);
    const flowName = (object: AppFlowObject): string => `${stack.stackName}-${object.table}`;

    landingBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AppFlowWritesItsOutput',
        principals: [new iam.ServicePrincipal('appflow.amazonaws.com')],
        actions: [...APPFLOW_BUCKET_ACTIONS],
        resources: [landingBucket.bucketArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    landingBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AppFlowWritesItsOutputObjects',
        principals: [new iam.ServicePrincipal('appflow.amazonaws.com')],
        actions: [...APPFLOW_OBJECT_ACTIONS],
        resources: [landingBucket.arnForObjects(`${APPFLOW_OUTPUT_PREFIX}*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    // A bucket encrypted with a customer key: AppFlow writes through it, the relay reads and writes with it.
    landingBucket.encryptionKey?.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AppFlowEncryptsItsOutput',
        principals: [new iam.ServicePrincipal('appflow.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    landingBucket.addLifecycleRule({
      id: 'expire-relayed-appflow-output',
      prefix: APPFLOW_OUTPUT_PREFIX,
      expiration: Duration.days(props.outputExpirationDays ?? 7),
      noncurrentVersionExpiration: Duration.days(1),
    });

    const flows: Record<string, appflow.CfnFlow> = {};
    for (const object of this.objects) {
      const name = flowName(object);
      const flow = new appflow.CfnFlow(this, `Flow-${object.table}`, {
        flowName: name,
        description: flowDescription(settings, object),
        flowStatus: 'Active',
        triggerConfig: {
          triggerType: 'Scheduled',
          triggerProperties: {
            scheduleExpression: settings.scheduleExpression,
            timeZone: props.timeZone,
            dataPullMode: 'Incremental',
            ...(settings.firstExecutionFrom === undefined ? {} : { firstExecutionFrom: Date.parse(`${settings.firstExecutionFrom}T00:00:00Z`) / 1000 }),
          },
        },
        sourceFlowConfig: sourceFlowConfig(settings, object),
        destinationFlowConfigList: [
          {
            connectorType: 'S3',
            destinationConnectorProperties: {
              s3: {
                bucketName: landingBucket.bucketName,
                bucketPrefix: APPFLOW_OUTPUT_PREFIX.slice(0, -1),
                s3OutputFormatConfig: {
                  fileType: 'CSV',
                  prefixConfig: { prefixType: 'PATH', prefixFormat: 'DAY', pathPrefixHierarchy: ['EXECUTION_ID'] },
                  aggregationConfig: { aggregationType: 'SingleFile' },
                },
              },
            },
          },
        ],
        // Every field as the system names it: the landing maps columns by header name.
        tasks: [
          {
            taskType: 'Map_all',
            sourceFields: [],
            taskProperties: [{ key: 'EXCLUDE_SOURCE_FIELDS_LIST', value: '[]' }],
            connectorOperator: settings.source === 'salesforce' ? { salesforce: 'NO_OP' } : { customConnector: 'NO_OP' },
          },
        ],
      });
      // AppFlow checks its access to the bucket when the flow is created.
      if (landingBucket.policy !== undefined) flow.node.addDependency(landingBucket.policy);
      flows[name] = flow;
    }
    this.flows = flows;

    // AppFlow deactivates a scheduled flow after failing runs and says so on the default event bus
    // (https://docs.aws.amazon.com/appflow/latest/userguide/flow-notifications.html): no more files would arrive.
    this.flowDeactivatedRule = new events.Rule(this, 'FlowDeactivated', {
      description: 'An AppFlow flow of this stack was deactivated after failing: its table gets no new files until it is activated again',
      eventPattern: { source: ['aws.appflow'], detailType: ['AppFlow Scheduled Flow Deactivated'], resources: Object.values(flows).map((flow) => flow.attrFlowArn) },
      targets: [new targets.SnsTopic(props.notificationTopic)],
    });
    props.notificationKey?.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgePublishesDeactivatedFlows',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    this.relayRole = new iam.Role(this, 'RelayRole', {
      description: "AppFlow relay: reads AppFlow's output, writes the landing layout",
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.relayRole.addToPolicy(new iam.PolicyStatement({ sid: 'ReadFlowOutput', actions: ['s3:GetObject'], resources: [landingBucket.arnForObjects(`${APPFLOW_OUTPUT_PREFIX}*`)] }));
    this.relayRole.addToPolicy(new iam.PolicyStatement({ sid: 'WriteLanding', actions: ['s3:PutObject'], resources: [landingBucket.arnForObjects(`${props.landingPrefix}*`)] }));
    landingBucket.encryptionKey?.grantEncryptDecrypt(this.relayRole);
    const logGroup = new logs.LogGroup(this, 'RelayLogs', { retention: props.logRetention });
    logGroup.grantWrite(this.relayRole);

    const routes: Record<string, RelayRoute> = Object.fromEntries(this.objects.map((object) => [flowName(object), { table: object.table, fileStem: object.fileStem }]));
    const landingRoot = props.landingPrefix.slice(0, -'raw/'.length);
    this.relayFunction = new nodejs.NodejsFunction(this, 'RelayFunction', {
      description: 'Copies each file an AppFlow flow writes to raw/<table>/ingest_date=YYYY-MM-DD/',
      entry: join(REPOSITORY_ROOT, RELAY_ENTRY),
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: join(REPOSITORY_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(1),
      role: this.relayRole,
      environment: {
        OUTPUT_PREFIX: APPFLOW_OUTPUT_PREFIX,
        LANDING_ROOT_PREFIX: landingRoot === '' ? '-' : landingRoot,
        TIME_ZONE: props.timeZone,
        FLOW_ROUTES: JSON.stringify(routes),
        POWERTOOLS_SERVICE_NAME: 'crm-warehouse-appflow-relay',
      },
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      bundling: esmBundling(),
    });
    this.relayErrorsAlarm = new cloudwatch.Alarm(this, 'RelayErrors', {
      alarmDescription: 'The AppFlow relay failed: a file a flow wrote was not copied to the landing (its log names the object)',
      metric: this.relayFunction.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.relayErrorsAlarm.addAlarmAction(new actions.SnsAction(props.notificationTopic));
    landingBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(this.relayFunction), { prefix: APPFLOW_OUTPUT_PREFIX });

    const suppressions = appFlowNagSuppressions(stack, {
      relayRole: this.relayRole,
      landingBucket,
      relayPrefixes: [APPFLOW_OUTPUT_PREFIX, props.landingPrefix],
    });
    for (const suppression of suppressions) {
      for (const findingId of suppression.ids) Validations.of(suppression.target).acknowledge({ id: findingId, reason: suppression.reason });
    }
  }
}

/**
 * Words, spaces and `!@#-.?,` only: CreateFlow's description pattern, `[\w!@#\-.?,\s]*`
 * (https://docs.aws.amazon.com/appflow/1.0/APIReference/API_CreateFlow.html).
 */
export function flowDescription(settings: AppFlowSettings, object: AppFlowObject): string {
  return `${settings.source} ${object.entity} to the landing table ${object.table}, incremental on ${object.modifiedField}`;
}

function sourceFlowConfig(settings: AppFlowSettings, object: AppFlowObject): appflow.CfnFlow.SourceFlowConfigProperty {
  const incrementalPullConfig = { datetimeTypeFieldName: object.modifiedField };
  if (settings.source === 'salesforce') {
    return {
      connectorType: 'Salesforce',
      connectorProfileName: settings.connectorProfileName,
      // Deleted records too (IsDeleted = true): staging reads them as deletions.
      sourceConnectorProperties: { salesforce: { object: object.entity, includeDeletedRecords: true, enableDynamicFieldUpdate: false, dataTransferApi: 'AUTOMATIC' } },
      incrementalPullConfig,
    };
  }
  // AppFlow's HubSpot connector is one of its custom-connector-based connectors: the entity is named, not typed.
  return {
    connectorType: 'CustomConnector',
    connectorProfileName: settings.connectorProfileName,
    sourceConnectorProperties: { customConnector: { entityName: settings.entityNames?.[object.table] ?? object.entity } },
    incrementalPullConfig,
  };
}

/** The system's flowable objects, narrowed to `tables`; every problem at once. */
function selectedObjects(props: AppFlowIngestionProps): readonly AppFlowObject[] {
  const { settings } = props;
  const problems = new PropsProblems('AppFlowIngestion');
  problems.require(
    props.crmSource === settings.source,
    `appflow.source is '${settings.source}', but the project's var crm_source is ${JSON.stringify(props.crmSource)}: ` +
      `set crm_source: ${settings.source} in sql/project.yml, or the warehouse will not read what the flows land`,
  );
  const catalog = appFlowCatalog(settings.source, props.sourceTables);
  problems.require(catalog.objects.length > 0, `sql/sources.yml declares no ${settings.source} table AppFlow can pull`);
  const flowable = new Set(catalog.objects.map((object) => object.table));
  const why = (table: string): string => {
    const excluded = catalog.notFlowable.find((entry) => entry.table === table);
    return excluded === undefined ? `no ${settings.source} table of sql/sources.yml` : `not flowable: it ${excluded.reason}`;
  };
  for (const table of settings.tables ?? []) {
    problems.require(flowable.has(table), `appflow.tables: '${table}' is ${why(table)} (flowable: ${[...flowable].join(', ')})`);
  }
  for (const table of Object.keys(settings.entityNames ?? {})) {
    problems.require(flowable.has(table), `appflow.entityNames: '${table}' is ${why(table)} (flowable: ${[...flowable].join(', ')})`);
  }
  problems.throwIfAny();
  const wanted = settings.tables === undefined ? undefined : new Set(settings.tables);
  return catalog.objects.filter((object) => wanted === undefined || wanted.has(object.table));
}
