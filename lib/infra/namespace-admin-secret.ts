/**
 * The ARN of the admin secret that Redshift Serverless creates and rotates for a namespace with
 * `manageAdminPassword`. CloudFormation does not return it (GetAtt has no such attribute), so it
 * is read once per deploy with redshift-serverless:GetNamespace through a CDK AwsCustomResource,
 * which shares its provider function with the usage limit's.
 */
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface NamespaceAdminSecretProps {
  readonly namespaceName: string;
  readonly namespaceArn: string;
  /** Log group of the provider function. */
  readonly logGroup: logs.ILogGroup;
}

export class NamespaceAdminSecret extends Construct {
  public readonly resource: cr.AwsCustomResource;
  public readonly secretArn: string;

  constructor(scope: Construct, id: string, props: NamespaceAdminSecretProps) {
    super(scope, id);
    const call: cr.AwsSdkCall = {
      service: 'redshift-serverless',
      action: 'getNamespace',
      parameters: { namespaceName: props.namespaceName },
      physicalResourceId: cr.PhysicalResourceId.fromResponse('namespace.namespaceId'),
      outputPaths: ['namespace.adminPasswordSecretArn', 'namespace.namespaceId'],
    };
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['redshift-serverless:GetNamespace'], resources: [props.namespaceArn] }),
      ]),
      installLatestAwsSdk: false,
      logGroup: props.logGroup,
    });
    this.secretArn = this.resource.getResponseField('namespace.adminPasswordSecretArn');
  }
}
