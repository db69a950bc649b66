/**
 * The AppFlow ingestion: the whole app synthesized with it on (a copy of the project reading
 * Salesforce), asserting the flows, their schedules and incremental pulls, the bucket policy for
 * AppFlow, the relay's permissions and S3 trigger, cdk-nag and the IAM grant checks; the app
 * without it creates none of it; and the construct on its own for HubSpot, a key-encrypted bucket and
 * each props mistake.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPFLOW_BUCKET_ACTIONS, APPFLOW_OBJECT_ACTIONS, AppFlowIngestion, type AppFlowIngestionProps } from '../../lib/infra/appflow-ingestion.ts';
import { APPFLOW_NAG_FINDINGS } from '../../lib/infra/appflow-nag-suppressions.ts';
import { parseAppFlowSettings, type AppFlowSettings } from '../../lib/infra/appflow-settings.ts';
import { createCrmWarehouseApp, type CrmWarehouseApp } from '../../lib/infra/crm-warehouse-app.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import type { Project } from '../../lib/project/project.ts';
import { checkStatement, type StatementUnderCheck } from './iam-grant-check.ts';
import { cdkJsonContext, flatten } from './synth-app.ts';
import { policyStatements, resourceArns } from './template-policies.ts';
import { problemsOf } from './props-problems-of.ts';

const REPOSITORY = new URL('../../', import.meta.url).pathname;
const SALESFORCE_OBJECTS = [
  'Account', 'Contact', 'User', 'Product2', 'PricebookEntry', 'Opportunity', 'OpportunityLineItem', 'OpportunityHistory', 'Task', 'Event', 'Case', 'Order', 'OrderItem',
];

/** The parts of a synthesized AWS::AppFlow::Flow the tests read. */
interface FlowResource {
  readonly Properties: {
    readonly FlowName: string;
    readonly Description: string;
    readonly FlowStatus: string;
    readonly TriggerConfig: unknown;
    readonly SourceFlowConfig: {
      readonly ConnectorType: string;
      readonly SourceConnectorProperties: { readonly Salesforce?: { readonly Object: string }; readonly CustomConnector?: { readonly EntityName: string } };
    };
    readonly Tasks: readonly { readonly ConnectorOperator: unknown }[];
    readonly DestinationFlowConfigList: readonly { readonly DestinationConnectorProperties: { readonly S3: { readonly BucketName: unknown } } }[];
  };
}

function flowsOf(template: Template): FlowResource[] {
  return Object.values(template.findResources('AWS::AppFlow::Flow')) as FlowResource[];
}

let projectCopy: string;
let built: CrmWarehouseApp;
let template: Template;
let project: Project;

function settings(input: Record<string, unknown>): AppFlowSettings {
  const parsed = parseAppFlowSettings(input);
  if (parsed.settings === undefined) throw new Error(parsed.problems.join('\n'));
  return parsed.settings;
}

beforeAll(async () => {
  // The warehouse must read the system the flows pull: a copy of the project with crm_source: salesforce.
  projectCopy = await mkdtemp(join(tmpdir(), 'appflow-project-'));
  await cp(join(REPOSITORY, 'sql'), join(projectCopy, 'sql'), { recursive: true });
  const projectYml = join(projectCopy, 'sql', 'project.yml');
  await writeFile(projectYml, (await readFile(projectYml, 'utf8')).replace(/^( {2}crm_source:) generic$/m, '$1 salesforce'));
  built = await createCrmWarehouseApp({
    context: { ...cdkJsonContext(), 'crm-warehouse': { ...(cdkJsonContext()['crm-warehouse'] as object), scheduleTimeZone: 'Europe/Berlin', appflow: { source: 'salesforce', connectorProfileName: 'acme-salesforce', firstExecutionFrom: '2026-01-01' } } },
    projectRoot: projectCopy,
    bundling: false,
    nag: false,
  });
  template = Template.fromStack(built.stack);
  project = await loadProject(REPOSITORY);
}, 240_000);

afterAll(async () => {
  await rm(projectCopy, { recursive: true, force: true });
});

describe('with the appflow setting', () => {
  it('creates one scheduled incremental flow per Salesforce object, in the pipeline\'s time zone', () => {
    const flows = flowsOf(template);
    expect(flows.map((flow) => flow.Properties.SourceFlowConfig.SourceConnectorProperties.Salesforce?.Object).sort()).toEqual([...SALESFORCE_OBJECTS].sort());
    for (const { Properties: flow } of flows) {
      expect(flow.FlowStatus).toBe('Active');
      expect(flow.TriggerConfig).toEqual({
        TriggerType: 'Scheduled',
        TriggerProperties: { ScheduleExpression: 'cron(0 2 * * ? *)', TimeZone: 'Europe/Berlin', DataPullMode: 'Incremental', FirstExecutionFrom: Date.parse('2026-01-01T00:00:00Z') / 1000 },
      });
      expect(flow.SourceFlowConfig).toMatchObject({
        ConnectorType: 'Salesforce',
        ConnectorProfileName: 'acme-salesforce',
        IncrementalPullConfig: { DatetimeTypeFieldName: 'SystemModstamp' },
        SourceConnectorProperties: { Salesforce: { IncludeDeletedRecords: true } },
      });
      expect(flow.Tasks).toEqual([expect.objectContaining({ TaskType: 'Map_all', ConnectorOperator: { Salesforce: 'NO_OP' } })]);
      expect(flow.DestinationFlowConfigList).toHaveLength(1);
      expect(flow.DestinationFlowConfigList[0]).toMatchObject({
        ConnectorType: 'S3',
        DestinationConnectorProperties: { S3: { BucketPrefix: 'appflow', S3OutputFormatConfig: { FileType: 'CSV', AggregationConfig: { AggregationType: 'SingleFile' } } } },
      });
      expect(flatten(flow.DestinationFlowConfigList[0]?.DestinationConnectorProperties.S3.BucketName)).toMatch(/^<Ref:StorageLanding/);
    }
    // CreateFlow's patterns for names and descriptions.
    for (const { Properties: flow } of flows) {
      expect(flow.FlowName).toMatch(/^[a-zA-Z0-9][\w!@#.-]+$/);
      expect(flow.Description).toMatch(/^[\w!@#\-.?,\s]*$/);
    }
    const names = flows.map((flow) => flow.Properties.FlowName);
    expect(names).toContain('CrmWarehouse-salesforce_opportunity_history');
  });

  it('lets only the AppFlow service of this account write, and only under appflow/', () => {
    const statements = policyStatements(template.toJSON().Resources).filter((placed) => JSON.stringify(placed.statement.Principal ?? '').includes('appflow.amazonaws.com'));
    expect(statements.map((placed) => placed.statement.Sid).sort()).toEqual(['AppFlowWritesItsOutput', 'AppFlowWritesItsOutputObjects']);
    for (const { statement } of statements) {
      expect(statement.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    }
    const objectStatement = statements.find((placed) => placed.statement.Sid === 'AppFlowWritesItsOutputObjects')?.statement;
    expect([objectStatement?.Action].flat().sort()).toEqual([...APPFLOW_OBJECT_ACTIONS].sort());
    expect(flatten(objectStatement?.Resource)).toMatch(/^<GetAtt:StorageLanding[0-9A-F]+\.Arn>\/appflow\/\*$/);
    const bucketStatement = statements.find((placed) => placed.statement.Sid === 'AppFlowWritesItsOutput')?.statement;
    expect([bucketStatement?.Action].flat().sort()).toEqual([...APPFLOW_BUCKET_ACTIONS].sort());
  });

  it('creates each flow after the bucket policy that lets AppFlow write', () => {
    const policyId = Object.keys(template.findResources('AWS::S3::BucketPolicy')).find((id) => id.startsWith('StorageLandingPolicy'));
    for (const flow of Object.values(template.findResources('AWS::AppFlow::Flow'))) expect(flow.DependsOn).toContain(policyId);
  });

  it('triggers the relay on objects created under appflow/, and lets it read there and write only the landing', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [Match.objectLike({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'appflow/' }] } } })],
      },
    });
    const relayPolicy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('AppFlowRelayRoleDefaultPolicy'))?.[1] as {
      Properties: { PolicyDocument: { Statement: { Sid?: string; Action: string | string[]; Resource: unknown }[] } };
    };
    const grants = relayPolicy.Properties.PolicyDocument.Statement.filter((statement) => statement.Sid !== undefined).map((statement) => [statement.Sid, statement.Action, flatten(statement.Resource)]);
    expect(grants).toEqual([
      ['ReadFlowOutput', 's3:GetObject', expect.stringMatching(/\.Arn>\/appflow\/\*$/)],
      ['WriteLanding', 's3:PutObject', expect.stringMatching(/\.Arn>\/raw\/\*$/)],
    ]);
    const relay = Object.values(template.findResources('AWS::Lambda::Function')).find((fn) => (fn.Properties.Description as string | undefined)?.startsWith('Copies each file an AppFlow flow writes')) as {
      Properties: { Environment: { Variables: Record<string, string> } };
    };
    const routes = JSON.parse(relay.Properties.Environment.Variables.FLOW_ROUTES as string) as Record<string, { table: string; fileStem: string }>;
    expect(routes['CrmWarehouse-salesforce_product_2']).toEqual({ table: 'salesforce_product_2', fileStem: 'Product2' });
    expect(relay.Properties.Environment.Variables).toMatchObject({ OUTPUT_PREFIX: 'appflow/', LANDING_ROOT_PREFIX: '-', TIME_ZONE: 'Europe/Berlin' });
  });

  it('alarms on the notification topic when the relay fails', () => {
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^AppFlowRelayFunction') } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topic }],
    });
  });

  it('sends a deactivated flow to the notification topic, which EventBridge may encrypt for', () => {
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) => JSON.stringify(rule).includes('aws.appflow')) as {
      Properties: { EventPattern: { source: string[]; 'detail-type': string[]; resources: unknown[] }; Targets: { Arn: unknown }[] };
    }[];
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    expect(rule?.Properties.EventPattern.source).toEqual(['aws.appflow']);
    expect(rule?.Properties.EventPattern['detail-type']).toEqual(['AppFlow Scheduled Flow Deactivated']);
    expect(rule?.Properties.EventPattern.resources).toHaveLength(SALESFORCE_OBJECTS.length);
    expect(rule?.Properties.Targets).toEqual([expect.objectContaining({ Arn: { Ref: topic } })]);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'EventBridgePublishesDeactivatedFlows', Principal: { Service: 'events.amazonaws.com' } })]) },
    });
  });

  it('expires AppFlow\'s own files once relayed', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'expire-relayed-appflow-output', Prefix: 'appflow/', ExpirationInDays: 7, Status: 'Enabled' })]) },
    });
  });

  it('leaves no unacknowledged cdk-nag finding', () => {
    const report = new AwsSolutionsChecks(built.app).validateScope(built.app);
    expect(report.violations.map((violation) => `${violation.ruleName}: ${JSON.stringify(violation.violatingResources)}`)).toEqual([]);
  });

  it('grants only what the Service Authorization Reference knows', async () => {
    const resources = template.toJSON().Resources as Parameters<typeof policyStatements>[0];
    const underCheck: StatementUnderCheck[] = policyStatements(resources).map((placed) => ({
      place: placed.place,
      effect: placed.statement.Effect,
      actions: [placed.statement.Action ?? []].flat(),
      resources: resourceArns(placed.statement, resources),
      conditions: Object.entries(placed.statement.Condition ?? {}).flatMap(([operator, keys]) => Object.keys(keys).map((key) => ({ operator, key }))),
      resourceMeansItself: placed.resourceType === 'AWS::KMS::Key',
    }));
    const problems = (await Promise.all(underCheck.map((statement) => checkStatement(statement)))).flat();
    expect(problems).toEqual([]);
  });

  it('lists its cdk-nag acknowledgments in the README section, with the same reasons', async () => {
    const readme = await readFile(join(REPOSITORY, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Ingest with Amazon AppFlow'), readme.indexOf('### The schedule and one run at a time'));
    const plain = (text: string): string => text.replace(/`/g, '').trim();
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `AwsSolutions-'))
      .map((line) => line.slice(1, -1).split(' | ').map(plain));
    expect(rows).toEqual(Object.values(APPFLOW_NAG_FINDINGS).map((finding) => [finding.finding, finding.scope, plain(finding.reason)]));
  });
});

describe('without the appflow setting', () => {
  it('creates no flow, relay or AppFlow grant', async () => {
    const off = await createCrmWarehouseApp({ context: cdkJsonContext(), bundling: false, nag: false });
    const json = JSON.stringify(Template.fromStack(off.stack).toJSON());
    expect(off.stack.appflow).toBeUndefined();
    expect(json).not.toContain('AWS::AppFlow::Flow');
    expect(json).not.toContain('appflow.amazonaws.com');
    expect(json).not.toContain('Custom::S3BucketNotifications');
  }, 240_000);
});

describe('the construct', () => {
  function ingestion(overrides: Partial<AppFlowIngestionProps> = {}, bucketProps: s3.BucketProps = {}): { stack: Stack; construct: AppFlowIngestion } {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Test');
    const construct = new AppFlowIngestion(stack, 'AppFlow', {
      settings: settings({ source: 'hubspot', connectorProfileName: 'acme-hubspot' }),
      crmSource: 'hubspot',
      sourceTables: project.sources,
      landingBucket: new s3.Bucket(stack, 'Landing', bucketProps),
      landingPrefix: 'raw/',
      timeZone: 'UTC',
      logRetention: logs.RetentionDays.ONE_WEEK,
      notificationTopic: new sns.Topic(stack, 'Topic'),
      ...overrides,
    });
    return { stack, construct };
  }

  it('pulls HubSpot\'s objects with a last-modified property through the custom connector, entity names overridable', () => {
    const { stack, construct } = ingestion({ settings: settings({ source: 'hubspot', connectorProfileName: 'acme-hubspot', entityNames: { hubspot_line_items: 'lineitems' } }) });
    expect(construct.objects.map((object) => [object.table, object.modifiedField])).toEqual([
      ['hubspot_companies', 'hs_lastmodifieddate'],
      ['hubspot_contacts', 'lastmodifieddate'],
      ['hubspot_products', 'hs_lastmodifieddate'],
      ['hubspot_deals', 'hs_lastmodifieddate'],
      ['hubspot_tickets', 'hs_lastmodifieddate'],
      ['hubspot_line_items', 'hs_lastmodifieddate'],
    ]);
    const flows = flowsOf(Template.fromStack(stack));
    const entities = flows.map((flow) => flow.Properties.SourceFlowConfig.SourceConnectorProperties.CustomConnector?.EntityName);
    expect(entities).toEqual(['companies', 'contacts', 'products', 'deals', 'tickets', 'lineitems']);
    for (const { Properties: flow } of flows) {
      expect(flow.SourceFlowConfig.ConnectorType).toBe('CustomConnector');
      expect(flow.Tasks[0]?.ConnectorOperator).toEqual({ CustomConnector: 'NO_OP' });
    }
  });

  it('narrows to the tables named', () => {
    const { construct } = ingestion({ settings: settings({ source: 'hubspot', connectorProfileName: 'hs', tables: ['hubspot_deals'] }) });
    expect(construct.objects.map((object) => object.table)).toEqual(['hubspot_deals']);
  });

  it('lets AppFlow encrypt with the bucket\'s key, and the relay use it', () => {
    const { stack } = ingestion({}, { encryption: s3.BucketEncryption.KMS, encryptionKey: undefined });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AppFlowEncryptsItsOutput', Principal: { Service: 'appflow.amazonaws.com' }, Action: ['kms:GenerateDataKey', 'kms:Encrypt'], Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
        ]),
      },
    });
    const relayPolicy = JSON.stringify(Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('AppFlowRelayRoleDefaultPolicy'))?.[1]);
    expect(relayPolicy).toContain('kms:Decrypt');
    expect(relayPolicy).toContain('kms:GenerateDataKey*');
  });

  it('refuses a source the warehouse does not read, naming the var', () => {
    expect(problemsOf(() => ingestion({ crmSource: 'generic' }))).toEqual([
      "appflow.source is 'hubspot', but the project's var crm_source is \"generic\": set crm_source: hubspot in sql/project.yml, or the warehouse will not read what the flows land",
    ]);
  });

  it('refuses tables it cannot pull, saying why, and unknown ones', () => {
    const hubspot = settings({
      source: 'hubspot',
      connectorProfileName: 'hs',
      tables: ['hubspot_deal_stage_history', 'hubspot_dealz'],
      entityNames: { hubspot_engagements: 'calls' },
    });
    expect(problemsOf(() => ingestion({ settings: hubspot }))).toEqual([
      expect.stringMatching(/^appflow\.tables: 'hubspot_deal_stage_history' is not flowable: it declares none of hs_lastmodifieddate, lastmodifieddate, the last-modified field an incremental flow filters on \(flowable: hubspot_companies, /),
      expect.stringMatching(/^appflow\.tables: 'hubspot_dealz' is no hubspot table of sql\/sources\.yml \(flowable: /),
      expect.stringMatching(/^appflow\.entityNames: 'hubspot_engagements' is not flowable: it declares none of /),
    ]);
  });
});
