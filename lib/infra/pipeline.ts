/**
 * The daily pipeline: one Standard state machine running Bootstrap → LoadRawDay → SourceFreshness →
 * one build step per layer of the project (sql/project.yml's `models:`, in order: Staging → … → Marts) →
 * QualityChecks → Scoring → Publish, each step a Lambda that submits Redshift Data API batches and a state-machine polling loop
 * (statement-polling-step.ts). Any error of any task is caught, published to the notification
 * topic as `{ runId, executionArn, step, error, cause }`, and ends the execution in Fail.
 *
 * Two IAM roles run SQL, because the database user *is* the IAM role (Redshift Serverless maps
 * `IAMR:<role name>` 1:1 on GetCredentials) and tables can only be dropped and renamed by their
 * owner:
 * - the pipeline role, shared by every step after Bootstrap, so one database user owns everything
 *   the pipeline creates. Bootstrap grants that user the database role explicitly
 *   (`PIPELINE_ROLE_NAME`): the `RedshiftDbRoles` tag mapping would need tag:GetResources and
 *   tag:GetTagKeys, and the pipeline does not rely on it;
 * - the bootstrap role, the only one allowed to read the admin secret: it creates that database
 *   role and grants it CREATE on the database (and use of the landing reader role for COPY).
 *
 * The Data API lets only the submitting identity describe, read or cancel a statement, and the
 * roles' grants narrow that to their own statements (`redshift-data:statement-owner-iam-userid`).
 * So each role also runs a small poll Lambda (lambdas/poll-statement.ts), and each step's loop
 * polls through the one of its own role; the state machine's role touches no statement.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { layerStepName, pipelineSteps, type PipelineStepName } from '../pipeline/pipeline-contract.ts';
import { bundledProjectJson } from '../pipeline/bundled-project.ts';
import type { PlanLayer } from '../plan/plan.ts';
import type { Project } from '../project/project.ts';
import { esmBundling } from './lambda-bundling.ts';
import { mergeProps } from './merge-props.ts';
import { PropsProblems } from './props-problems.ts';
import { StatementPollingStep } from './statement-polling-step.ts';
import type { Warehouse } from './warehouse.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Stack traces of the bundled, minified code point into the sources. */
const SOURCE_MAPS = '--enable-source-maps';

/** The condition key naming who submitted a Data API statement. */
export const STATEMENT_OWNER_KEY = 'redshift-data:statement-owner-iam-userid';

/** The database role Bootstrap creates and grants to the pipeline role's database user. */
export const DEFAULT_DATABASE_ROLE = 'crm_pipeline';

/** Where each fixed step's handler lives. */
const FIXED_STEP_ENTRIES: Readonly<Record<string, string>> = {
  Bootstrap: 'lambdas/bootstrap.ts',
  LoadRawDay: 'lambdas/load-raw-day.ts',
  SourceFreshness: 'lambdas/source-freshness.ts',
  QualityChecks: 'lambdas/quality-checks.ts',
  Scoring: 'lambdas/scoring.ts',
  Publish: 'lambdas/publish.ts',
};

/**
 * Scoring waits on its own statements and fits in memory within one invocation (pipeline-contract.ts),
 * so it gets Lambda's longest timeout and, for the single-threaded fit, one whole vCPU: Lambda
 * allocates CPU in proportion to memory, one vCPU at 1,769 MB
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
 */
const SCORING_FUNCTION = { timeout: Duration.minutes(15), memorySize: 2048 } as const;

/** Every layer's build step runs this one handler, told its layer by LAYER. */
export const LAYER_STEP_ENTRY = 'lambdas/build-layer.ts';

/** Where a step's handler lives: a fixed step's own, else the layer build handler. */
export function stepEntry(step: PipelineStepName): string {
  return FIXED_STEP_ENTRIES[step] ?? LAYER_STEP_ENTRY;
}

/** The statement poll, one function per role that submits SQL. */
export const POLL_ENTRY = 'lambdas/poll-statement.ts';

export interface PipelineProps {
  readonly warehouse: Warehouse;
  readonly landingBucket: s3.IBucket;
  /** Ends in `/`. */
  readonly landingPrefix: string;
  /** Failed runs are published here. */
  readonly notificationTopic: sns.ITopic;
  /** The loaded SQL project, bundled with every step, each of which compiles the run's plan from it (lib/pipeline/run-plan.ts). */
  readonly project: Project;
  /** The layers in build order, from the plan compiled at synth: one build step each, between LoadRawDay and QualityChecks. */
  readonly layers: readonly PlanLayer[];
  /** @default `<stack name>-pipeline` */
  readonly stateMachineName?: string;
  /** A run taking longer is stopped (and counted as timed out). @default Duration.hours(4) */
  readonly executionTimeout?: Duration;
  /** Log execution input and output (may contain data) with every event. @default false */
  readonly includeExecutionData?: boolean;
  /** Retention of the state machine's and the Lambdas' logs. @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** Rows the raw load may reject per run. @default 1000 */
  readonly maxLoadErrors?: number;
  /** Time zone of the default run date. @default 'UTC' */
  readonly timeZone?: string;
  /** Longest wait between two statement polls. @default 60 */
  readonly maxPollWaitSeconds?: number;
  /** The database role the pipeline's SQL runs with. @default 'crm_pipeline' */
  readonly databaseRole?: string;
  /** CloudWatch namespace of the Lambdas' EMF metrics. @default 'CrmWarehouse' */
  readonly metricsNamespace?: string;
}

type PipelineSettings = Required<Omit<PipelineProps, 'warehouse' | 'landingBucket' | 'landingPrefix' | 'notificationTopic' | 'project' | 'layers'>>;

export function defaultPipelineProps(stackName: string): PipelineSettings {
  return {
    stateMachineName: `${stackName}-pipeline`,
    executionTimeout: Duration.hours(4),
    includeExecutionData: false,
    logRetention: logs.RetentionDays.ONE_YEAR,
    maxLoadErrors: 1000,
    timeZone: 'UTC',
    maxPollWaitSeconds: 60,
    databaseRole: DEFAULT_DATABASE_ROLE,
    metricsNamespace: 'CrmWarehouse',
  };
}

export class Pipeline extends Construct {
  /** The database identity of every step after Bootstrap. */
  public readonly pipelineRole: iam.Role;
  public readonly bootstrapRole: iam.Role;
  /** The steps in run order: the fixed ones and one build step per layer of the project. */
  public readonly stepNames: readonly PipelineStepName[];
  public readonly functions: Readonly<Record<PipelineStepName, nodejs.NodejsFunction>>;
  /** The statement polls: one under the bootstrap role, one under the pipeline role. */
  public readonly pollers: Readonly<Record<'bootstrap' | 'pipeline', nodejs.NodejsFunction>>;
  public readonly steps: Readonly<Record<PipelineStepName, StatementPollingStep>>;
  public readonly logGroup: logs.LogGroup;
  public readonly stateMachine: sfn.StateMachine;
  public readonly stateMachineName: string;
  public readonly metricsNamespace: string;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const settings = mergeProps(defaultPipelineProps(stack.stackName), props as Partial<PipelineSettings>);
    validate(settings, props);
    this.stateMachineName = settings.stateMachineName;
    this.metricsNamespace = settings.metricsNamespace;
    const { warehouse } = props;

    // Known before the state machine exists, so Bootstrap's ListExecutions permission and
    // environment need no reference to it (which would be a dependency cycle).
    const stateMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: settings.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.pipelineRole = new iam.Role(this, 'PipelineRole', {
      description: 'Database identity of the pipeline steps after Bootstrap (IAMR:<this role> in Redshift)',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.bootstrapRole = new iam.Role(this, 'BootstrapRole', {
      description: 'Pipeline Bootstrap: run guard, plan compilation, database role and grants (as the admin)',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });

    for (const role of [this.pipelineRole, this.bootstrapRole]) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SubmitToTheWorkgroup',
          actions: ['redshift-data:BatchExecuteStatement', 'redshift-data:ExecuteStatement'],
          resources: [warehouse.workgroupArn],
        }),
      );
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'FollowOwnStatements',
          // No resource-level permissions for these, so "*"; the condition key limits them to the
          // statements this role submitted. The key holds the submitter's aws:userid,
          // "<role id>:<session name>", and Lambda's session name differs per function, so the
          // match is on the role id: the step Lambda and the poll Lambda of one role both pass
          // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html,
          // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
          actions: ['redshift-data:DescribeStatement', 'redshift-data:GetStatementResult', 'redshift-data:CancelStatement'],
          resources: ['*'],
          conditions: { StringLike: { [STATEMENT_OWNER_KEY]: `${role.roleId}:*` } },
        }),
      );
    }
    this.pipelineRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'SignInAsThisRole', actions: ['redshift-serverless:GetCredentials'], resources: [warehouse.workgroupArn] }),
    );
    // LoadRawDay lists the landed days and reads each file's header to map its columns.
    this.pipelineRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListLanding',
        actions: ['s3:ListBucket'],
        resources: [props.landingBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${props.landingPrefix}*`] } },
      }),
    );
    this.pipelineRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ReadLanding', actions: ['s3:GetObject'], resources: [props.landingBucket.arnForObjects(`${props.landingPrefix}*`)] }),
    );
    props.landingBucket.encryptionKey?.grantDecrypt(this.pipelineRole);

    this.bootstrapRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'GuardAgainstConcurrentRuns', actions: ['states:ListExecutions'], resources: [stateMachineArn] }),
    );
    this.bootstrapRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ActAsAdminForGrants', actions: ['secretsmanager:GetSecretValue'], resources: [warehouse.adminSecretArn] }),
    );
    warehouse.encryptionKey.grantDecrypt(this.bootstrapRole);

    const common: Record<string, string> = {
      WORKGROUP_NAME: warehouse.workgroupName,
      DATABASE_NAME: warehouse.databaseName,
      POWERTOOLS_SERVICE_NAME: 'crm-warehouse-pipeline',
      POWERTOOLS_METRICS_NAMESPACE: settings.metricsNamespace,
      NODE_OPTIONS: SOURCE_MAPS,
    };
    const projectFile = writeProjectFile(props.project);
    const layerOfStep = new Map(props.layers.map((layer) => [layerStepName(layer.name), layer.name]));
    this.stepNames = pipelineSteps(props.layers.map((layer) => layer.name));
    const functions: Record<PipelineStepName, nodejs.NodejsFunction> = {};
    for (const step of this.stepNames) {
      const environment: Record<string, string> = { ...common, PIPELINE_STEP: step };
      const layer = layerOfStep.get(step);
      if (layer !== undefined) environment.LAYER = layer;
      if (step === 'Bootstrap') {
        Object.assign(environment, {
          STATE_MACHINE_ARN: stateMachineArn,
          ADMIN_SECRET_ARN: warehouse.adminSecretArn,
          DATABASE_ROLE: settings.databaseRole,
          LANDING_READER_ROLE_ARN: warehouse.landingReaderRole.roleArn,
          TIME_ZONE: settings.timeZone,
          // The database user to grant the database role to is IAMR:<this name>.
          PIPELINE_ROLE_NAME: this.pipelineRole.roleName,
        });
      }
      if (step === 'LoadRawDay') {
        Object.assign(environment, {
          LANDING_BUCKET: props.landingBucket.bucketName,
          LANDING_PREFIX: props.landingPrefix,
          LANDING_READER_ROLE_ARN: warehouse.landingReaderRole.roleArn,
          MAX_LOAD_ERRORS: String(settings.maxLoadErrors),
        });
      }
      functions[step] = this.lambdaFunction(`${step}Function`, {
        description: `crm-warehouse pipeline step ${step}`,
        entry: stepEntry(step),
        role: step === 'Bootstrap' ? this.bootstrapRole : this.pipelineRole,
        environment,
        logRetention: settings.logRetention,
        projectFile,
        ...(step === 'Scoring' ? SCORING_FUNCTION : {}),
      });
    }
    this.functions = functions;
    const poller = (id: string, role: iam.Role, steps: readonly PipelineStepName[]): nodejs.NodejsFunction =>
      this.lambdaFunction(id, {
        description: `crm-warehouse statement poll for ${steps.join(', ')}`,
        entry: POLL_ENTRY,
        role,
        // The poll needs no warehouse settings: the statement id says everything.
        environment: { NODE_OPTIONS: SOURCE_MAPS, POLLS_FOR_STEPS: steps.join(' ') },
        logRetention: settings.logRetention,
        memorySize: 256,
        timeout: Duration.seconds(30),
      });
    this.pollers = {
      bootstrap: poller('PollAsBootstrapFunction', this.bootstrapRole, ['Bootstrap']),
      pipeline: poller('PollAsPipelineFunction', this.pipelineRole, this.stepNames.filter((step) => step !== 'Bootstrap')),
    };

    const failed = new sfn.Fail(this, 'RunFailed', {
      stateName: 'Run failed',
      errorPath: sfn.JsonPath.stringAt('$.failure.error'),
      causePath: sfn.JsonPath.stringAt('$.failure.cause'),
    });
    const notify = new tasks.SnsPublish(this, 'NotifyFailure', {
      stateName: 'Notify failure',
      topic: props.notificationTopic,
      subject: 'crm-warehouse run failed',
      message: sfn.TaskInput.fromJsonPathAt('$.failure'),
      resultPath: sfn.JsonPath.DISCARD,
    });
    notify.addRetry({ errors: ['SNS.ThrottledException', 'SNS.InternalErrorException'], interval: Duration.seconds(2), maxAttempts: 4, backoffRate: 2 });
    // A failure to notify must not hide the run's own failure: the execution still fails with it.
    notify.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.notifyError' });
    notify.next(failed);

    const steps: Record<PipelineStepName, StatementPollingStep> = {};
    for (const step of this.stepNames) {
      const describeFailure = new sfn.Pass(this, `${step}Failed`, {
        stateName: `${step} failed`,
        parameters: {
          runId: sfn.JsonPath.stringAt('$$.Execution.Name'),
          executionArn: sfn.JsonPath.stringAt('$$.Execution.Id'),
          step,
          error: sfn.JsonPath.stringAt('$.error.Error'),
          cause: sfn.JsonPath.stringAt('$.error.Cause'),
        },
        resultPath: '$.failure',
      });
      describeFailure.next(notify);
      steps[step] = new StatementPollingStep(this, `${step}Step`, {
        stepName: step,
        handler: functions[step] as nodejs.NodejsFunction,
        poller: step === 'Bootstrap' ? this.pollers.bootstrap : this.pollers.pipeline,
        onError: describeFailure,
        maxWaitSeconds: settings.maxPollWaitSeconds,
        startsRun: step === 'Bootstrap',
      });
    }
    this.steps = steps;
    this.stepNames.forEach((step, index) => {
      const next = this.stepNames[index + 1];
      (steps[step] as StatementPollingStep).then(next === undefined ? new sfn.Succeed(this, 'RunSucceeded', { stateName: 'Run succeeded' }) : (steps[next] as StatementPollingStep).entry);
    });

    this.logGroup = new logs.LogGroup(this, 'StateMachineLogs', {
      // Under /aws/vendedlogs/ log delivery needs no entry in the account's size-limited CloudWatch Logs resource policy.
      logGroupName: `/aws/vendedlogs/states/${settings.stateMachineName}`,
      retention: settings.logRetention,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: settings.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: `crm-warehouse daily run: ${this.stepNames.join(' → ')}`,
      definitionBody: sfn.DefinitionBody.fromChainable((steps.Bootstrap as StatementPollingStep).entry),
      timeout: settings.executionTimeout,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: settings.includeExecutionData },
    });
  }

  private lambdaFunction(
    id: string,
    options: {
      description: string;
      entry: string;
      role: iam.Role;
      environment: Record<string, string>;
      logRetention: logs.RetentionDays;
      /** The project bundled as project.json, for the steps. */
      projectFile?: string;
      memorySize?: number;
      timeout?: Duration;
    },
  ): nodejs.NodejsFunction {
    const logGroup = new logs.LogGroup(this, id.replace(/Function$/, 'Logs'), { retention: options.logRetention });
    // The roles are shared, so CDK adds no logging policy of its own: grant each function its own log group.
    logGroup.grantWrite(options.role);
    const { projectFile } = options;
    return new nodejs.NodejsFunction(this, id, {
      description: options.description,
      entry: join(REPOSITORY_ROOT, options.entry),
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: join(REPOSITORY_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: options.memorySize ?? 1024,
      timeout: options.timeout ?? Duration.minutes(5),
      role: options.role,
      environment: options.environment,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      bundling: esmBundling({
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (_inputDir: string, outputDir: string) => (projectFile === undefined ? [] : [`cp "${projectFile}" "${outputDir}/project.json"`]),
      }),
    });
  }
}

/**
 * The project as JSON in a content-addressed temporary file for the step bundles, in the form the
 * steps read back (lib/pipeline/bundled-project.ts: its macros survive, `root` is blanked).
 */
function writeProjectFile(project: Project): string {
  const json = bundledProjectJson(project);
  const directory = join(tmpdir(), 'crm-warehouse-synth');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `project-${createHash('sha256').update(json).digest('hex').slice(0, 16)}.json`);
  writeFileSync(file, json);
  return file;
}

function validate(settings: PipelineSettings, props: PipelineProps): void {
  const problems = new PropsProblems('Pipeline');
  problems.require(/^[A-Za-z0-9_-]{1,80}$/.test(settings.stateMachineName), `stateMachineName must be 1-80 letters, digits, '-' or '_' (got '${settings.stateMachineName}')`);
  const timeoutMinutes = settings.executionTimeout.toMinutes({ integral: false });
  problems.require(timeoutMinutes >= 5 && timeoutMinutes <= 24 * 60, `executionTimeout must be from 5 minutes to 24 hours (got ${timeoutMinutes} minutes)`);
  problems.integerInRange('maxLoadErrors', settings.maxLoadErrors, 0, 100_000);
  problems.integerInRange('maxPollWaitSeconds', settings.maxPollWaitSeconds, 2, 3600);
  problems.require(/^[a-z_][a-z0-9_]{0,126}$/.test(settings.databaseRole), `databaseRole must be a lower-case identifier (got '${settings.databaseRole}')`);
  problems.require(/^[A-Za-z0-9_/.#:-]{1,255}$/.test(settings.metricsNamespace), `metricsNamespace must be a CloudWatch namespace (got '${settings.metricsNamespace}')`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: settings.timeZone });
  } catch {
    problems.add(`timeZone must be an IANA time zone (got '${settings.timeZone}')`);
  }
  problems.require(/^([^/]+\/)+$/.test(props.landingPrefix), `landingPrefix must end in '/' (got '${props.landingPrefix}')`);
  problems.require(props.project.models.length > 0, 'project has no models: there is nothing to build');
  const layers = new Set(props.layers.map((layer) => layer.name));
  const unbuilt = [...new Set(props.project.models.map((model) => model.layer))].filter((layer) => !layers.has(layer));
  problems.require(unbuilt.length === 0, `layers must include every layer of the project's models; no step would build ${unbuilt.join(', ')}`);
  problems.throwIfAny();
}

