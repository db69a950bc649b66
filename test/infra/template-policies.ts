/**
 * Every IAM policy statement of a synthesized template, with where it sits, and its resources
 * resolved to example ARNs of the right shape: a reference to a resource of the template becomes
 * the ARN such a resource has (eu-west-1, account 123456789012), so that ARN shapes can be
 * checked against the Service Authorization Reference's ARN formats.
 */

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Principal?: unknown;
  readonly Sid?: string;
}

export interface PlacedStatement {
  /** `<logical id> <document> #<index>`, for messages. */
  readonly place: string;
  /** Identity policies grant to the principal that holds them; resource policies name the principal. */
  readonly kind: 'identity' | 'resource' | 'trust';
  readonly resourceType: string;
  readonly statement: PolicyStatement;
}

type TemplateResource = { readonly Type: string; readonly Properties?: Record<string, unknown> };
type Resources = Readonly<Record<string, TemplateResource>>;

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com' };

export function policyStatements(resources: Resources): PlacedStatement[] {
  const placed: PlacedStatement[] = [];
  const add = (id: string, resource: TemplateResource, document: unknown, name: string, kind: PlacedStatement['kind']): void => {
    const statements = (document as { Statement?: PolicyStatement[] } | undefined)?.Statement ?? [];
    statements.forEach((statement, index) => placed.push({ place: `${id} ${name} #${index}`, kind, resourceType: resource.Type, statement }));
  };
  for (const [id, resource] of Object.entries(resources)) {
    const properties = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        add(id, resource, properties.PolicyDocument, 'PolicyDocument', 'identity');
        break;
      case 'AWS::IAM::Role':
        add(id, resource, properties.AssumeRolePolicyDocument, 'AssumeRolePolicyDocument', 'trust');
        for (const [index, inline] of ((properties.Policies ?? []) as { PolicyDocument: unknown }[]).entries()) {
          add(id, resource, inline.PolicyDocument, `Policies[${index}]`, 'identity');
        }
        break;
      case 'AWS::KMS::Key':
        add(id, resource, properties.KeyPolicy, 'KeyPolicy', 'resource');
        break;
      default:
        // Bucket, topic and VPC endpoint policies, and any other resource policy.
        if (properties.PolicyDocument !== undefined) add(id, resource, properties.PolicyDocument, 'PolicyDocument', 'resource');
    }
  }
  return placed;
}

/** The statement's resources as ARN strings (a `Resource` list or one value), references resolved. */
export function resourceArns(statement: PolicyStatement, resources: Resources): string[] {
  if (statement.Resource === undefined) return [];
  const values = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  return values.map((value) => resolve(value, resources));
}

/** A CloudFormation value as a string: pseudo parameters and references to template resources made concrete. */
export function resolve(value: unknown, resources: Resources): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object' || value === null) throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  const record = value as Record<string, unknown>;
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolve(part, resources)).join(separator);
  }
  if ('Ref' in record) {
    const name = String(record.Ref);
    return PSEUDO[name] ?? exampleAttribute(name, 'Ref', resources);
  }
  if ('Fn::GetAtt' in record) {
    const [id, attribute] = record['Fn::GetAtt'] as [string, string];
    return exampleAttribute(id, attribute, resources);
  }
  throw new Error(`cannot resolve the intrinsic ${Object.keys(record).join(', ')}`);
}

const PREFIX = `${REGION}:${ACCOUNT}`;
const UUID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

/** What `Ref` or `Fn::GetAtt` of a template resource yields, as far as policies use them. */
function exampleAttribute(id: string, attribute: string, resources: Resources): string {
  const resource = resources[id];
  if (resource === undefined) throw new Error(`${id} is not a resource of the template`);
  const name = id.toLowerCase();
  const key = `${resource.Type} ${attribute}`;
  switch (key) {
    case 'AWS::S3::Bucket Arn':
      return `arn:aws:s3:::${name}`;
    case 'AWS::S3::Bucket Ref':
      return name;
    case 'AWS::Lambda::Function Arn':
      return `arn:aws:lambda:${PREFIX}:function:${id}`;
    case 'AWS::Lambda::Function Ref':
      return id;
    case 'AWS::IAM::Role Arn':
      return `arn:aws:iam::${ACCOUNT}:role/${id}`;
    case 'AWS::IAM::Role RoleId':
      return 'AROA3XFRBF535PLBIFPI4';
    case 'AWS::KMS::Key Arn':
      return `arn:aws:kms:${PREFIX}:key/${UUID}`;
    case 'AWS::Logs::LogGroup Arn':
      return `arn:aws:logs:${PREFIX}:log-group:${id}:*`;
    case 'AWS::SNS::Topic Ref':
      return `arn:aws:sns:${PREFIX}:${id}`;
    case 'AWS::StepFunctions::StateMachine Ref':
      return `arn:aws:states:${PREFIX}:stateMachine:${id}`;
    case 'AWS::RedshiftServerless::Workgroup Workgroup.WorkgroupArn':
      return `arn:aws:redshift-serverless:${PREFIX}:workgroup/${UUID}`;
    case 'AWS::RedshiftServerless::Namespace Namespace.NamespaceArn':
      return `arn:aws:redshift-serverless:${PREFIX}:namespace/${UUID}`;
    case 'AWS::EC2::VPC DefaultSecurityGroup':
      return 'sg-0123456789abcdef0';
    case 'Custom::AWS namespace.adminPasswordSecretArn':
      return `arn:aws:secretsmanager:${PREFIX}:secret:redshift!${name}-admin-AbCdEf`;
    default:
      throw new Error(`no example value for ${attribute} of ${id} (${resource.Type}): add one to test/infra/template-policies.ts`);
  }
}
