/**
 * Configuration and construct props: every problem is reported, all at once, before anything is
 * built. No synthesis here, so these run fast.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { configFromContext, resolveConfig } from '../../lib/infra/crm-warehouse-config.ts';
import { LandingStorage } from '../../lib/infra/landing-storage.ts';
import { mergeProps } from '../../lib/infra/merge-props.ts';
import { PipelineMonitoring } from '../../lib/infra/pipeline-monitoring.ts';
import { PipelineNotifications } from '../../lib/infra/pipeline-notifications.ts';
import { PipelineSchedule } from '../../lib/infra/pipeline-schedule.ts';
import { ServerlessUsageLimit } from '../../lib/infra/serverless-usage-limit.ts';
import { Warehouse } from '../../lib/infra/warehouse.ts';
import { WarehouseNetwork } from '../../lib/infra/warehouse-network.ts';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { PipelineMetrics } from '../../lib/infra/pipeline-metrics.ts';
import { problemsOf } from './props-problems-of.ts';

function appWithContext(context: Record<string, unknown>): App {
  return new App({ context });
}

describe('deployment configuration', () => {
  it('has documented defaults', () => {
    expect(resolveConfig({})).toMatchObject({
      baseCapacityRpu: 8,
      maxCapacityRpu: 64,
      usageLimitRpuHours: 24,
      usageLimitBreachAction: 'emit-metric',
      scheduleExpression: 'cron(0 3 * * ? *)',
      scheduleTimeZone: 'UTC',
      logRetentionDays: 365,
      maxLoadErrors: 1000,
      includeExecutionData: false,
      stalenessHours: 26,
    });
  });

  it('reads the context object and -c strings, the strings winning', () => {
    const app = appWithContext({
      'crm-warehouse': { baseCapacityRpu: 16, alarmEmail: 'ops@example.com' },
      'crm-warehouse:maxCapacityRpu': '128',
      'crm-warehouse:scheduleEnabled': 'false',
      'crm-warehouse:availabilityZones': 'eu-west-1a, eu-west-1b, eu-west-1c',
    });
    expect(configFromContext(app.node)).toMatchObject({
      baseCapacityRpu: 16,
      maxCapacityRpu: 128,
      scheduleEnabled: false,
      alarmEmail: 'ops@example.com',
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    });
  });

  it('reports every malformed setting at once', () => {
    const app = appWithContext({ 'crm-warehouse': { baseCapacityRpu: 'lots', scheduleEnabled: 'maybe', colour: 'blue', alarmEmail: 3 } });
    expect(problemsOf(() => configFromContext(app.node))).toEqual([
      'baseCapacityRpu must be a number (got "lots")',
      'scheduleEnabled must be true or false (got "maybe")',
      expect.stringMatching(/^unknown setting 'colour' \(known: /),
      'alarmEmail must be a string (got 3)',
    ]);
  });

  it('refuses a context value that is not an object', () => {
    expect(problemsOf(() => configFromContext(appWithContext({ 'crm-warehouse': 'big' }).node))).toEqual(["'crm-warehouse' must be an object of settings"]);
  });

  it('reports every invalid value at once', () => {
    expect(
      problemsOf(() =>
        resolveConfig({
          baseCapacityRpu: 12,
          maxCapacityRpu: 8,
          usageLimitRpuHours: 0,
          usageLimitBreachAction: 'panic' as never,
          scheduleExpression: 'every day',
          scheduleTimeZone: 'Mars/Olympus',
          alarmEmail: 'nobody',
          logRetentionDays: 42,
          maxLoadErrors: -1,
          executionTimeoutMinutes: 2,
          stalenessHours: 0,
          databaseName: 'Ware-House',
          availabilityZones: ['a', 'a'],
        }),
      ),
    ).toEqual([
      'baseCapacityRpu must be a multiple of 8 (got 12)',
      'maxCapacityRpu (8) must be at least baseCapacityRpu (12)',
      'usageLimitRpuHours must be a whole number from 1 to 1000000 (got 0)',
      "usageLimitBreachAction must be one of log, emit-metric, deactivate (got 'panic')",
      "scheduleExpression must be an EventBridge Scheduler cron(...), rate(...) or at(...) expression (got 'every day')",
      "scheduleTimeZone must be an IANA time zone such as Europe/Berlin (got 'Mars/Olympus')",
      "alarmEmail must be an e-mail address (got 'nobody')",
      expect.stringMatching(/^logRetentionDays must be one of 1, 3, .* \(got 42\)$/),
      'maxLoadErrors must be a whole number from 0 to 100000 (got -1)',
      'executionTimeoutMinutes must be a whole number from 5 to 1440 (got 2)',
      'stalenessHours must be a whole number from 1 to 168 (got 0)',
      "databaseName must be a lower-case identifier (got 'Ware-House')",
      'availabilityZones must name at least three different zones (got ["a","a"])',
    ]);
  });
});

describe('mergeProps', () => {
  it('merges plain objects deeply, replaces everything else, and ignores undefined overrides', () => {
    const defaults = { versioned: true, nested: { a: 1, b: 2 }, list: [1, 2] };
    expect(mergeProps(defaults, { versioned: undefined, nested: { b: 3 } as never, list: [9] })).toEqual({ versioned: true, nested: { a: 1, b: 3 }, list: [9] });
  });
});

describe('construct props', () => {
  const stack = (): Stack => new Stack(new App(), 'Test');

  it('LandingStorage: a prefix outside the raw/ layout and lifecycle days that S3 refuses', () => {
    expect(problemsOf(() => new LandingStorage(stack(), 'Storage', { landingPrefix: 'extracts', infrequentAccessAfterDays: 10, glacierAfterDays: 20 }))).toEqual([
      "landingPrefix must be a relative key prefix ending in 'raw/', such as 'raw/' or 'crm/raw/' (got 'extracts')",
      'infrequentAccessAfterDays must be a whole number from 30 to 36500 (got 10)',
      'glacierAfterDays (20) must be at least 30 days after infrequentAccessAfterDays (10)',
    ]);
  });

  it('WarehouseNetwork: no readable bucket, a bad CIDR, and a stack with only two zones', () => {
    expect(problemsOf(() => new WarehouseNetwork(stack(), 'Network', { readableBuckets: [], cidr: '10.0.0.0/8' }))).toEqual([
      'readableBuckets must name at least one bucket (COPY reads the landing bucket)',
      "cidr must be an IPv4 block from /16 to /24 (got '10.0.0.0/8')",
      expect.stringMatching(/^the stack offers 2 availability zones but 3 are needed/),
    ]);
  });

  it('Warehouse: names, capacities, log exports and a VPC without enough isolated subnets', () => {
    const scope = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
    const vpc = ec2.Vpc.fromVpcAttributes(scope, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'], isolatedSubnetIds: ['subnet-1'] });
    const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(scope, 'Group', 'sg-1');
    const landingBucket = s3.Bucket.fromBucketName(scope, 'Landing', 'landing');
    expect(
      problemsOf(
        () =>
          new Warehouse(scope, 'Warehouse', {
            vpc,
            securityGroup,
            landingBucket,
            landingPrefix: 'raw',
            namespaceName: 'No',
            adminUsername: 'admin',
            baseCapacityRpu: 4,
            maxCapacityRpu: 12,
            logExports: ['everything'],
          }),
      ),
    ).toEqual([
      "namespaceName must be 3-64 lower-case letters, digits or hyphens (got 'No')",
      "adminUsername must be a lower-case identifier other than the reserved 'admin' (got 'admin')",
      'baseCapacityRpu must be a whole number from 8 to 1024 (got 4)',
      'baseCapacityRpu must be a multiple of 8 (got 4)',
      'maxCapacityRpu must be a multiple of 8 (got 12)',
      'logExports may only name useractivitylog, userlog, connectionlog (got everything)',
      "landingPrefix must end in '/' (got 'raw')",
      'vpc must have isolated subnets in at least three availability zones (has 1)',
    ]);
  });

  it('ServerlessUsageLimit: a fractional amount and an unknown breach action', () => {
    const scope = stack();
    expect(
      problemsOf(
        () =>
          new ServerlessUsageLimit(scope, 'Limit', {
            workgroupArn: 'arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/x',
            amountRpuHours: 1.5,
            breachAction: 'shout' as never,
            logGroup: new logs.LogGroup(scope, 'Logs'),
          }),
      ),
    ).toEqual(['amountRpuHours must be a whole number from 1 to 1000000 (got 1.5)', 'breachAction must be one of log, emit-metric, deactivate']);
  });

  it('PipelineSchedule: an expression Scheduler does not know, an unknown zone, too many retries', () => {
    const scope = stack();
    const stateMachine = sfn.StateMachine.fromStateMachineArn(scope, 'Machine', 'arn:aws:states:eu-west-1:123456789012:stateMachine:x');
    expect(problemsOf(() => new PipelineSchedule(scope, 'Schedule', { stateMachine, expression: '0 3 * * *', timeZone: 'Nowhere', retryAttempts: 500 }))).toEqual([
      "expression must be a cron(...), rate(...) or at(...) expression (got '0 3 * * *')",
      "timeZone must be an IANA time zone (got 'Nowhere')",
      'retryAttempts must be a whole number from 0 to 185 (got 500)',
    ]);
  });

  it('PipelineNotifications: an address that is not one', () => {
    expect(problemsOf(() => new PipelineNotifications(stack(), 'Notifications', { email: 'ops' }))).toEqual(["email must be an e-mail address (got 'ops')"]);
  });

  it('PipelineMonitoring: staleness, usage limit and dashboard name', () => {
    const scope = stack();
    const topic = new sns.Topic(scope, 'Topic');
    expect(
      problemsOf(
        () => new PipelineMonitoring(scope, 'Monitoring', { metrics: {} as PipelineMetrics, notificationTopic: topic, usageLimitRpuHours: 0, stalenessHours: 200, dashboardName: 'bad name' }),
      ),
    ).toEqual([
      'stalenessHours must be a whole number from 1 to 168 (got 200)',
      'usageLimitRpuHours must be a whole number from 1 to 1000000 (got 0)',
      "dashboardName must be letters, digits, '-' or '_' (got 'bad name')",
    ]);
  });
});
