/**
 * The warehouse's private network: isolated subnets only (no internet route, no NAT), so the
 * workgroup reaches nothing but the VPC itself and, through a gateway endpoint, the S3 buckets it
 * may read. Enhanced VPC routing sends COPY traffic through that endpoint. Nothing connects in:
 * the pipeline talks to Redshift through the Data API, which needs no network path.
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { mergeProps } from './merge-props.ts';
import { PropsProblems } from './props-problems.ts';

/** Redshift Serverless places a workgroup in subnets of at least three availability zones. */
export const WORKGROUP_MIN_AVAILABILITY_ZONES = 3;

export interface WarehouseNetworkProps {
  /** Buckets the warehouse may read through the S3 gateway endpoint (the endpoint policy allows only these). */
  readonly readableBuckets: readonly s3.IBucket[];
  /** @default '10.40.0.0/16' */
  readonly cidr?: string;
  /** Availability zones used, from the stack's zones. @default 3 */
  readonly maxAzs?: number;
  /** Retention of the VPC flow log. @default logs.RetentionDays.ONE_YEAR */
  readonly flowLogRetention?: logs.RetentionDays;
}

export function defaultWarehouseNetworkProps(): Required<Omit<WarehouseNetworkProps, 'readableBuckets'>> {
  return { cidr: '10.40.0.0/16', maxAzs: WORKGROUP_MIN_AVAILABILITY_ZONES, flowLogRetention: logs.RetentionDays.ONE_YEAR };
}

export class WarehouseNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  public readonly flowLogGroup: logs.LogGroup;
  /** The workgroup's security group: no ingress rules at all. */
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: WarehouseNetworkProps) {
    super(scope, id);
    const settings = mergeProps({ ...defaultWarehouseNetworkProps(), readableBuckets: props.readableBuckets }, props);
    validate(this, settings);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(settings.cidr),
      maxAzs: settings.maxAzs,
      natGateways: 0,
      subnetConfiguration: [{ name: 'warehouse', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      restrictDefaultSecurityGroup: true,
    });

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', { retention: settings.flowLogRetention });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.s3Endpoint = this.vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    // The endpoint is the workgroup's only way out, so its policy bounds what a COPY (or an
    // UNLOAD someone adds later) can touch, whatever IAM role the SQL names.
    this.s3Endpoint.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'],
        resources: settings.readableBuckets.flatMap((bucket) => [bucket.bucketArn, bucket.arnForObjects('*')]),
      }),
    );

    this.securityGroup = new ec2.SecurityGroup(this, 'WorkgroupSecurityGroup', {
      vpc: this.vpc,
      description: 'Redshift Serverless workgroup: no ingress; egress can only reach the VPC and the S3 gateway endpoint',
      // Isolated subnets have no route but the VPC's and the S3 endpoint's, so open egress reaches nothing else.
      allowAllOutbound: true,
    });
  }
}

function validate(scope: Construct, settings: Required<WarehouseNetworkProps>): void {
  const problems = new PropsProblems('WarehouseNetwork');
  problems.require(settings.readableBuckets.length > 0, 'readableBuckets must name at least one bucket (COPY reads the landing bucket)');
  problems.require(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-4])$/.test(settings.cidr), `cidr must be an IPv4 block from /16 to /24 (got '${settings.cidr}')`);
  problems.integerInRange('maxAzs', settings.maxAzs, WORKGROUP_MIN_AVAILABILITY_ZONES, 6);
  const zones = Stack.of(scope).availabilityZones.length;
  problems.require(
    zones >= settings.maxAzs,
    `the stack offers ${zones} availability zones but ${settings.maxAzs} are needed; an environment-agnostic stack offers two unless it ` +
      'overrides availabilityZones (CrmWarehouseStack does)',
  );
  problems.throwIfAny();
}
