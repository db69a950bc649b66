/**
 * Redshift Serverless: a namespace whose admin password only Secrets
 * Manager knows, whose default IAM role can read the landing prefix and nothing else, and whose
 * audit logs go to CloudWatch; and a private workgroup with a daily RPU-hours cost guard.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { USAGE_LIMIT_BREACH_ACTIONS, type UsageLimitBreachAction } from './crm-warehouse-config.ts';
import { mergeProps } from './merge-props.ts';
import { PropsProblems } from './props-problems.ts';
import { NamespaceAdminSecret } from './namespace-admin-secret.ts';
import { ServerlessUsageLimit } from './serverless-usage-limit.ts';

export const AUDIT_LOG_EXPORTS = ['useractivitylog', 'userlog', 'connectionlog'] as const;

export interface WarehouseProps {
  readonly vpc: ec2.IVpc;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly landingBucket: s3.IBucket;
  /** The prefix the default IAM role may read, ending in `/`. */
  readonly landingPrefix: string;
  /** @default - the stack name, lower-cased */
  readonly namespaceName?: string;
  /** @default - the stack name, lower-cased */
  readonly workgroupName?: string;
  /** @default 'warehouse' */
  readonly databaseName?: string;
  /** @default 'warehouse_admin' */
  readonly adminUsername?: string;
  /** @default 8 */
  readonly baseCapacityRpu?: number;
  /** @default 64 */
  readonly maxCapacityRpu?: number;
  /** Daily RPU-hours before the breach action. @default 24 */
  readonly usageLimitRpuHours?: number;
  /** @default 'emit-metric' */
  readonly usageLimitBreachAction?: UsageLimitBreachAction;
  /** Audit logs exported to CloudWatch Logs. @default ['useractivitylog', 'userlog', 'connectionlog'] */
  readonly logExports?: readonly string[];
  /** Retention of the custom resources' provider log group. @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
}

type WarehouseSettings = Required<Omit<WarehouseProps, 'vpc' | 'securityGroup' | 'landingBucket' | 'landingPrefix'>>;

export function defaultWarehouseProps(stackName: string): WarehouseSettings {
  const name = stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 60);
  return {
    namespaceName: name,
    workgroupName: name,
    databaseName: 'warehouse',
    adminUsername: 'warehouse_admin',
    baseCapacityRpu: 8,
    maxCapacityRpu: 64,
    usageLimitRpuHours: 24,
    usageLimitBreachAction: 'emit-metric',
    logExports: [...AUDIT_LOG_EXPORTS],
    logRetention: logs.RetentionDays.ONE_YEAR,
  };
}

export class Warehouse extends Construct {
  public readonly encryptionKey: kms.Key;
  /** The namespace's default IAM role: what COPY (`iam_role default`) runs as. Reads the landing prefix only. */
  public readonly landingReaderRole: iam.Role;
  public readonly namespace: redshiftserverless.CfnNamespace;
  public readonly workgroup: redshiftserverless.CfnWorkgroup;
  public readonly usageLimit: ServerlessUsageLimit;
  public readonly adminSecret: NamespaceAdminSecret;
  public readonly databaseName: string;
  public readonly workgroupName: string;
  public readonly workgroupArn: string;
  /** The Secrets Manager secret holding the admin credentials, created and rotated by Redshift. */
  public readonly adminSecretArn: string;

  constructor(scope: Construct, id: string, props: WarehouseProps) {
    super(scope, id);
    const settings = mergeProps(defaultWarehouseProps(Stack.of(this).stackName), props as Partial<WarehouseSettings>);
    validate(settings, props);
    this.databaseName = settings.databaseName;
    this.workgroupName = settings.workgroupName;

    this.encryptionKey = new kms.Key(this, 'Key', {
      description: 'Encrypts the Redshift Serverless namespace and its admin secret',
      enableKeyRotation: true,
    });

    this.landingReaderRole = new iam.Role(this, 'LandingReaderRole', {
      description: 'Default IAM role of the warehouse namespace: COPY reads the landing prefix with it',
      assumedBy: new iam.PrincipalWithConditions(
        new iam.CompositePrincipal(new iam.ServicePrincipal('redshift-serverless.amazonaws.com'), new iam.ServicePrincipal('redshift.amazonaws.com')),
        landingReaderTrustConditions(Stack.of(this)),
      ),
    });
    this.landingReaderRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [props.landingBucket.arnForObjects(`${props.landingPrefix}*`)] }),
    );
    this.landingReaderRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.landingBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${props.landingPrefix}*`] } },
      }),
    );
    // COPY asks for the bucket's region before reading it.
    this.landingReaderRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [props.landingBucket.bucketArn] }),
    );
    props.landingBucket.encryptionKey?.grantDecrypt(this.landingReaderRole);

    this.namespace = new redshiftserverless.CfnNamespace(this, 'Namespace', {
      namespaceName: settings.namespaceName,
      dbName: settings.databaseName,
      adminUsername: settings.adminUsername,
      manageAdminPassword: true,
      adminPasswordSecretKmsKeyId: this.encryptionKey.keyId,
      kmsKeyId: this.encryptionKey.keyId,
      defaultIamRoleArn: this.landingReaderRole.roleArn,
      iamRoles: [this.landingReaderRole.roleArn],
      logExports: [...settings.logExports],
    });

    this.workgroup = new redshiftserverless.CfnWorkgroup(this, 'Workgroup', {
      workgroupName: settings.workgroupName,
      namespaceName: settings.namespaceName,
      baseCapacity: settings.baseCapacityRpu,
      maxCapacity: settings.maxCapacityRpu,
      publiclyAccessible: false,
      enhancedVpcRouting: true,
      subnetIds: props.vpc.isolatedSubnets.map((subnet) => subnet.subnetId),
      securityGroupIds: [props.securityGroup.securityGroupId],
      configParameters: [
        // useractivitylog stays empty unless user activity logging is on.
        { parameterKey: 'enable_user_activity_logging', parameterValue: 'true' },
        { parameterKey: 'require_ssl', parameterValue: 'true' },
      ],
    });
    this.workgroup.node.addDependency(this.namespace);
    this.workgroupArn = this.workgroup.attrWorkgroupWorkgroupArn;
    const providerLogs = new logs.LogGroup(this, 'CustomResourceLogs', { retention: settings.logRetention });
    this.adminSecret = new NamespaceAdminSecret(this, 'AdminSecret', {
      namespaceName: settings.namespaceName,
      namespaceArn: this.namespace.attrNamespaceNamespaceArn,
      logGroup: providerLogs,
    });
    this.adminSecret.node.addDependency(this.namespace);
    this.adminSecretArn = this.adminSecret.secretArn;

    this.usageLimit = new ServerlessUsageLimit(this, 'DailyUsageLimit', {
      workgroupArn: this.workgroupArn,
      amountRpuHours: settings.usageLimitRpuHours,
      period: 'daily',
      breachAction: settings.usageLimitBreachAction,
      logGroup: providerLogs,
    });
  }
}

/**
 * Confused-deputy guard on the COPY role's trust: Redshift may assume it only on behalf of this
 * account's Redshift resources in this region
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). The namespace's and
 * workgroup's own ARNs cannot be named: they end in ids Redshift assigns, and the namespace
 * refers to this role, so naming it here would be a dependency cycle. Redshift documents only
 * sts:ExternalId for this trust, not which source keys it sets
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service-database-users.html):
 * the first run's COPY is where a refusal would show (README, "After the first deploy").
 */
function landingReaderTrustConditions(stack: Stack): iam.Conditions {
  const inThisAccount = (service: string): string => stack.formatArn({ service, resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME });
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': [inThisAccount('redshift-serverless'), inThisAccount('redshift')] },
  };
}

function validate(settings: WarehouseSettings, props: WarehouseProps): void {
  const problems = new PropsProblems('Warehouse');
  const name = /^[a-z0-9-]{3,64}$/;
  problems.require(name.test(settings.namespaceName), `namespaceName must be 3-64 lower-case letters, digits or hyphens (got '${settings.namespaceName}')`);
  problems.require(name.test(settings.workgroupName), `workgroupName must be 3-64 lower-case letters, digits or hyphens (got '${settings.workgroupName}')`);
  problems.require(/^[a-z_][a-z0-9_]{0,126}$/.test(settings.databaseName), `databaseName must be a lower-case identifier (got '${settings.databaseName}')`);
  problems.require(
    /^[a-z_][a-z0-9_]{0,126}$/.test(settings.adminUsername) && settings.adminUsername !== 'admin',
    `adminUsername must be a lower-case identifier other than the reserved 'admin' (got '${settings.adminUsername}')`,
  );
  problems.integerInRange('baseCapacityRpu', settings.baseCapacityRpu, 8, 1024);
  problems.require(settings.baseCapacityRpu % 8 === 0, `baseCapacityRpu must be a multiple of 8 (got ${settings.baseCapacityRpu})`);
  problems.integerInRange('maxCapacityRpu', settings.maxCapacityRpu, 8, 5632);
  problems.require(settings.maxCapacityRpu % 8 === 0, `maxCapacityRpu must be a multiple of 8 (got ${settings.maxCapacityRpu})`);
  problems.require(settings.maxCapacityRpu >= settings.baseCapacityRpu, `maxCapacityRpu (${settings.maxCapacityRpu}) must be at least baseCapacityRpu (${settings.baseCapacityRpu})`);
  problems.integerInRange('usageLimitRpuHours', settings.usageLimitRpuHours, 1, 1_000_000);
  problems.require(
    USAGE_LIMIT_BREACH_ACTIONS.includes(settings.usageLimitBreachAction),
    `usageLimitBreachAction must be one of ${USAGE_LIMIT_BREACH_ACTIONS.join(', ')} (got '${settings.usageLimitBreachAction}')`,
  );
  const unknownLogs = settings.logExports.filter((log) => !(AUDIT_LOG_EXPORTS as readonly string[]).includes(log));
  problems.require(unknownLogs.length === 0, `logExports may only name ${AUDIT_LOG_EXPORTS.join(', ')} (got ${unknownLogs.join(', ')})`);
  problems.require(/^([^/]+\/)+$/.test(props.landingPrefix), `landingPrefix must end in '/' (got '${props.landingPrefix}')`);
  problems.require(props.vpc.isolatedSubnets.length >= 3, `vpc must have isolated subnets in at least three availability zones (has ${props.vpc.isolatedSubnets.length})`);
  problems.throwIfAny();
}
