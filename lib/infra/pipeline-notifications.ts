/**
 * The one SNS topic people subscribe to: failed runs (published by the state machine's Catch
 * handlers) and CloudWatch alarms both arrive here.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { PropsProblems } from './props-problems.ts';

export interface PipelineNotificationsProps {
  /** Address subscribed to the topic (it must confirm the subscription). @default - no subscription */
  readonly email?: string;
  /** @default 'crm-warehouse alerts' */
  readonly displayName?: string;
}

export class PipelineNotifications extends Construct {
  /** Encrypts the topic; CloudWatch alarms may use it to publish. */
  public readonly key: kms.Key;
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: PipelineNotificationsProps = {}) {
    super(scope, id);
    const problems = new PropsProblems('PipelineNotifications');
    if (props.email !== undefined) problems.require(/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.email), `email must be an e-mail address (got '${props.email}')`);
    problems.throwIfAny();

    this.key = new kms.Key(this, 'Key', { description: 'Encrypts the crm-warehouse alert topic', enableKeyRotation: true });
    // The AWS-managed SNS key cannot be used by CloudWatch alarms, so the topic has its own key,
    // and alarms are let in explicitly.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName ?? 'crm-warehouse alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.email !== undefined) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
