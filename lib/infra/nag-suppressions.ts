/**
 * Every cdk-nag (AwsSolutions) finding this stack accepts, each with the reason it is accepted,
 * in one place so the README can list them (`NAG_SUPPRESSIONS`). Anything not listed here fails
 * the nag test and `cdk synth`.
 *
 * cdk-nag 3 acknowledges findings one by one (`RuleId[Finding]`); findings that name a resource
 * by its logical id get that id from the stack, so renaming a construct cannot silently widen a
 * suppression.
 */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CrmWarehouseStack } from './crm-warehouse-stack.ts';

export interface NagSuppression {
  /** The finding as the README shows it. */
  readonly finding: string;
  readonly reason: string;
  /** Construct path below the stack, as the README shows it. */
  readonly scope: string;
  readonly target: (stack: CrmWarehouseStack) => IConstruct;
  /** The finding ids to acknowledge (one rule can report one finding per resource). */
  readonly ids: (stack: CrmWarehouseStack) => readonly string[];
}

const DATA_API_WILDCARD =
  'redshift-data:DescribeStatement, GetStatementResult and CancelStatement support no resource-level permissions ' +
  '(Service Authorization Reference), and the redshift-data:statement-owner-iam-userid condition limits them to the ' +
  "statements this role submitted; X-Ray's PutTraceSegments and PutTelemetryRecords accept only \"*\". Submitting SQL is scoped to the workgroup ARN.";

function logicalId(stack: Stack, construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.getLogicalId(resource);
}

const landingObjects = (stack: CrmWarehouseStack): string =>
  `AwsSolutions-IAM5[Resource::<${logicalId(stack, stack.storage.landingBucket)}.Arn>/${stack.storage.landingPrefix}*]`;

export const NAG_SUPPRESSIONS: readonly NagSuppression[] = [
  {
    finding: 'AwsSolutions-IAM5[Resource::<landing bucket>/raw/*]',
    scope: 'Warehouse/LandingReaderRole',
    reason: 'COPY reads whatever extract producers land under the landing prefix; keys are new every day and cannot be listed in advance. The wildcard stops at the prefix.',
    target: (stack) => stack.warehouse.landingReaderRole,
    ids: (stack) => [landingObjects(stack)],
  },
  {
    finding: 'AwsSolutions-IAM5[Resource::<landing bucket>/raw/*]',
    scope: 'Pipeline/PipelineRole',
    reason: "LoadRawDay lists the landed days and reads each file's header to map its columns; keys are new every day. The wildcard stops at the landing prefix.",
    target: (stack) => stack.pipeline.pipelineRole,
    ids: (stack) => [landingObjects(stack)],
  },
  {
    finding: 'AwsSolutions-IAM5[Resource::*]',
    scope: 'Pipeline/PipelineRole',
    reason: DATA_API_WILDCARD,
    target: (stack) => stack.pipeline.pipelineRole,
    ids: () => ['AwsSolutions-IAM5[Resource::*]'],
  },
  {
    finding: 'AwsSolutions-IAM5[Resource::*]',
    scope: 'Pipeline/BootstrapRole',
    reason: DATA_API_WILDCARD,
    target: (stack) => stack.pipeline.bootstrapRole,
    ids: () => ['AwsSolutions-IAM5[Resource::*]'],
  },
  {
    finding: 'AwsSolutions-IAM5[Resource::*]',
    scope: 'Pipeline/StateMachine/Role',
    reason:
      'X-Ray tracing (PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and CloudWatch Logs vended log ' +
      'delivery (CreateLogDelivery and the rest, DescribeLogGroups, DescribeResourcePolicies, PutResourcePolicy) support no ' +
      'resource-level permissions (Service Authorization Reference). The state machine touches no Redshift statement: the polls run ' +
      "under the steps' own roles.",
    target: (stack) => stack.pipeline.stateMachine.role,
    ids: () => ['AwsSolutions-IAM5[Resource::*]'],
  },
  {
    finding: 'AwsSolutions-IAM5[Resource::<step or poll function>.Arn:*]',
    scope: 'Pipeline/StateMachine/Role',
    reason:
      "Step Functions' LambdaInvoke grants invoke on the function and its versions and aliases (<arn>:*) so that a qualified ARN also " +
      "works; every such function is one of this pipeline's own step or statement poll functions.",
    target: (stack) => stack.pipeline.stateMachine.role,
    ids: (stack) =>
      [...Object.values(stack.pipeline.functions), stack.pipeline.pollers.bootstrap, stack.pipeline.pollers.pipeline].map(
        (fn) => `AwsSolutions-IAM5[Resource::<${logicalId(stack, fn)}.Arn>:*]`,
      ),
  },
  {
    finding: 'AwsSolutions-IAM5[Resource::*]',
    scope: 'Warehouse/DailyUsageLimit',
    reason:
      'redshift-serverless:CreateUsageLimit, UpdateUsageLimit and DeleteUsageLimit support no resource-level permissions ' +
      '(Service Authorization Reference): a grant scoped to the workgroup or to usagelimit/* allows nothing, so they are granted on "*".',
    target: (stack) => stack.warehouse.usageLimit,
    ids: () => ['AwsSolutions-IAM5[Resource::*]'],
  },
  {
    finding: 'AwsSolutions-IAM4[Policy::…/AWSLambdaBasicExecutionRole]',
    scope: 'AWS679f53fac002430cb0da5b7982bd2287 (the AwsCustomResource provider)',
    reason:
      "CDK's AwsCustomResource provider function (usage limit, admin secret lookup) is created by CDK with this managed policy, " +
      'which only lets it write its own logs.',
    target: (stack) => {
      const provider = stack.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
      if (provider === undefined) throw new Error('the AwsCustomResource provider function is not in the stack');
      return provider;
    },
    ids: () => ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'],
  },
];

export function applyNagSuppressions(stack: CrmWarehouseStack): void {
  for (const suppression of NAG_SUPPRESSIONS) {
    const target = suppression.target(stack);
    for (const id of suppression.ids(stack)) Validations.of(target).acknowledge({ id, reason: suppression.reason });
  }
}
