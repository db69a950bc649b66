/**
 * The cdk-nag (AwsSolutions) findings the AppFlow ingestion accepts, each with its reason; the
 * README's "Ingest with Amazon AppFlow" lists them (APPFLOW_NAG_FINDINGS). They exist only when the
 * ingestion is on, so they live beside it rather than in nag-suppressions.ts.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface AppFlowNagFinding {
  readonly finding: string;
  readonly scope: string;
  readonly reason: string;
}

export const APPFLOW_NAG_FINDINGS = {
  relayObjects: {
    finding: 'AwsSolutions-IAM5[Resource::<landing bucket>/appflow/*, /raw/*]',
    scope: 'AppFlow/RelayRole',
    reason:
      'The relay reads the files AppFlow writes under appflow/ and copies them under the landing prefix; AppFlow names its files per run ' +
      'and the landing keys are new every day, so neither can be listed in advance. Each wildcard stops at its prefix.',
  },
  notificationHandlerPolicy: {
    finding: 'AwsSolutions-IAM4[Policy::…/AWSLambdaBasicExecutionRole]',
    scope: 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834 (CDK)',
    reason:
      "CDK's bucket notification handler, which sets the landing bucket's event notification for the relay at deploy time, is created by CDK " +
      'with this managed policy, which only lets it write its own logs.',
  },
  notificationHandlerWildcard: {
    finding: 'AwsSolutions-IAM5[Resource::*]',
    scope: 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834 (CDK)',
    reason:
      "CDK's bucket notification handler is granted s3:PutBucketNotification on \"*\" by CDK; it runs only during deployment, on the notification " +
      'configuration of the buckets this stack names.',
  },
} as const satisfies Record<string, AppFlowNagFinding>;

export interface AppFlowNagSuppression {
  readonly target: IConstruct;
  readonly ids: readonly string[];
  readonly reason: string;
}

export interface AppFlowNagTargets {
  readonly relayRole: IConstruct;
  readonly landingBucket: IConstruct;
  /** The prefixes the relay reads and writes, each ending in `/`. */
  readonly relayPrefixes: readonly string[];
}

/** CDK's singleton function that writes bucket notifications. */
const NOTIFICATIONS_HANDLER = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

function logicalId(stack: Stack, construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.getLogicalId(resource);
}

/** Call once the bucket notification exists (it creates CDK's handler). */
export function appFlowNagSuppressions(stack: Stack, targets: AppFlowNagTargets): readonly AppFlowNagSuppression[] {
  const handler = stack.node.tryFindChild(NOTIFICATIONS_HANDLER);
  if (handler === undefined) throw new Error(`${NOTIFICATIONS_HANDLER} (CDK's bucket notification handler) is not in the stack`);
  const bucket = logicalId(stack, targets.landingBucket);
  return [
    {
      target: targets.relayRole,
      ids: targets.relayPrefixes.map((prefix) => `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${prefix}*]`),
      reason: APPFLOW_NAG_FINDINGS.relayObjects.reason,
    },
    {
      target: handler,
      ids: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'],
      reason: APPFLOW_NAG_FINDINGS.notificationHandlerPolicy.reason,
    },
    { target: handler, ids: ['AwsSolutions-IAM5[Resource::*]'], reason: APPFLOW_NAG_FINDINGS.notificationHandlerWildcard.reason },
  ];
}
