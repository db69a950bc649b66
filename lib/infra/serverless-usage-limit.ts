/**
 * A Redshift Serverless usage limit: the daily RPU-hours cost guard. CloudFormation has no
 * resource for serverless usage limits (AWS::Redshift::UsageLimit is for provisioned clusters
 * only), so this calls the redshift-serverless API at deploy time through a CDK AwsCustomResource.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { USAGE_LIMIT_BREACH_ACTIONS, type UsageLimitBreachAction } from './crm-warehouse-config.ts';
import { PropsProblems } from './props-problems.ts';

export interface ServerlessUsageLimitProps {
  /** ARN of the workgroup the limit applies to. */
  readonly workgroupArn: string;
  /** RPU-hours per period. */
  readonly amountRpuHours: number;
  /** @default 'daily' */
  readonly period?: 'daily' | 'weekly' | 'monthly';
  /** @default 'emit-metric' */
  readonly breachAction?: UsageLimitBreachAction;
  /** Log group of the provider function. */
  readonly logGroup: logs.ILogGroup;
}

export class ServerlessUsageLimit extends Construct {
  public readonly resource: cr.AwsCustomResource;
  /** The usage limit's id, as Redshift Serverless assigned it. */
  public readonly usageLimitId: string;

  constructor(scope: Construct, id: string, props: ServerlessUsageLimitProps) {
    super(scope, id);
    const period = props.period ?? 'daily';
    const breachAction = props.breachAction ?? 'emit-metric';
    const problems = new PropsProblems('ServerlessUsageLimit');
    problems.integerInRange('amountRpuHours', props.amountRpuHours, 1, 1_000_000);
    problems.require(USAGE_LIMIT_BREACH_ACTIONS.includes(breachAction), `breachAction must be one of ${USAGE_LIMIT_BREACH_ACTIONS.join(', ')}`);
    problems.throwIfAny();

    const physicalId = cr.PhysicalResourceId.fromResponse('usageLimit.usageLimitId');
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      onCreate: {
        service: 'redshift-serverless',
        action: 'createUsageLimit',
        parameters: {
          resourceArn: props.workgroupArn,
          usageType: 'serverless-compute',
          amount: props.amountRpuHours,
          period,
          breachAction,
        },
        physicalResourceId: physicalId,
      },
      onUpdate: {
        service: 'redshift-serverless',
        action: 'updateUsageLimit',
        parameters: { usageLimitId: new cr.PhysicalResourceIdReference(), amount: props.amountRpuHours, breachAction },
        physicalResourceId: physicalId,
      },
      onDelete: {
        service: 'redshift-serverless',
        action: 'deleteUsageLimit',
        parameters: { usageLimitId: new cr.PhysicalResourceIdReference() },
        ignoreErrorCodesMatching: 'ResourceNotFoundException',
      },
      // CreateUsageLimit, UpdateUsageLimit and DeleteUsageLimit support no resource-level
      // permissions: a grant scoped to the workgroup or to usagelimit/* allows nothing, and the
      // deploy fails with AccessDenied. They can only be granted on "*"
      // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftserverless.html).
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['redshift-serverless:CreateUsageLimit', 'redshift-serverless:UpdateUsageLimit', 'redshift-serverless:DeleteUsageLimit'],
          resources: ['*'],
        }),
      ]),
      installLatestAwsSdk: false,
      logGroup: props.logGroup,
    });
    this.usageLimitId = this.resource.getResponseField('usageLimit.usageLimitId');
  }
}
