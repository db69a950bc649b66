/**
 * Where the CRM extracts land: one bucket laid out as
 * `raw/<table>/ingest_date=YYYY-MM-DD/<file>.csv[.gz]`, plus the bucket its access logs go to.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { mergeProps } from './merge-props.ts';
import { PropsProblems } from './props-problems.ts';

export interface LandingStorageProps {
  /**
   * Key prefix the extracts land under (the layout puts `<table>/ingest_date=…/` below it); the
   * warehouse may read only here. It ends in `raw/`, as the landing contract names the folder.
   * @default 'raw/'
   */
  readonly landingPrefix?: string;
  /** Days after which landed files move to Standard-IA. @default 30 */
  readonly infrequentAccessAfterDays?: number;
  /** Days after which landed files move to Glacier Instant Retrieval. @default 90 */
  readonly glacierAfterDays?: number;
  /** Days a replaced or deleted file's old version is kept. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days access logs are kept. @default 365 */
  readonly accessLogExpirationDays?: number;
  /** Overrides deep-merged into defaultLandingBucketProps(). @default - the secure defaults */
  readonly landingBucketProps?: Partial<s3.BucketProps>;
}

/**
 * Secure defaults of every bucket in the stack: encrypted, private, TLS 1.2+ only, versioned,
 * owner-enforced (no ACLs), kept when the stack is deleted (it holds the only copy of the extracts).
 */
export function defaultSecureBucketProps(): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

export function defaultLandingStorageProps(): Required<Omit<LandingStorageProps, 'landingBucketProps'>> {
  return {
    landingPrefix: 'raw/',
    infrequentAccessAfterDays: 30,
    glacierAfterDays: 90,
    noncurrentVersionExpirationDays: 90,
    accessLogExpirationDays: 365,
  };
}

export class LandingStorage extends Construct {
  public readonly landingBucket: s3.Bucket;
  public readonly accessLogsBucket: s3.Bucket;
  /** Always ends with `/`. */
  public readonly landingPrefix: string;

  constructor(scope: Construct, id: string, props: LandingStorageProps = {}) {
    super(scope, id);
    const settings = mergeProps(defaultLandingStorageProps(), props);
    validate(settings);
    this.landingPrefix = settings.landingPrefix;

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      // S3-managed keys, as in the defaults: server access log delivery cannot write to a KMS-encrypted bucket.
      ...defaultSecureBucketProps(),
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(settings.accessLogExpirationDays), noncurrentVersionExpiration: Duration.days(1) }],
    });

    this.landingBucket = new s3.Bucket(
      this,
      'Landing',
      mergeProps<s3.BucketProps>(
        {
          ...defaultSecureBucketProps(),
          serverAccessLogsBucket: this.accessLogsBucket,
          serverAccessLogsPrefix: 'landing/',
          lifecycleRules: [
            {
              id: 'tier-landed-extracts',
              // Glacier *Instant Retrieval*: a full refresh COPYs every landed day again, and COPY
              // cannot read objects that need a restore first (Flexible Retrieval, Deep Archive).
              transitions: [
                { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(settings.infrequentAccessAfterDays) },
                { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(settings.glacierAfterDays) },
              ],
              noncurrentVersionExpiration: Duration.days(settings.noncurrentVersionExpirationDays),
              abortIncompleteMultipartUploadAfter: Duration.days(7),
            },
          ],
        },
        props.landingBucketProps,
      ),
    );
  }

  /** The S3 URI of the landing prefix, e.g. `s3://bucket/raw/`. */
  public get landingUri(): string {
    return `s3://${this.landingBucket.bucketName}/${this.landingPrefix}`;
  }
}

function validate(settings: Required<Omit<LandingStorageProps, 'landingBucketProps'>>): void {
  const problems = new PropsProblems('LandingStorage');
  problems.require(
    /^([A-Za-z0-9_\-.]+\/)*raw\/$/.test(settings.landingPrefix),
    `landingPrefix must be a relative key prefix ending in 'raw/', such as 'raw/' or 'crm/raw/' (got '${settings.landingPrefix}')`,
  );
  problems.integerInRange('infrequentAccessAfterDays', settings.infrequentAccessAfterDays, 30, 36_500);
  problems.integerInRange('glacierAfterDays', settings.glacierAfterDays, 1, 36_500);
  // S3 requires 30 days in Standard-IA before the next transition.
  problems.require(
    settings.glacierAfterDays >= settings.infrequentAccessAfterDays + 30,
    `glacierAfterDays (${settings.glacierAfterDays}) must be at least 30 days after infrequentAccessAfterDays (${settings.infrequentAccessAfterDays})`,
  );
  problems.integerInRange('noncurrentVersionExpirationDays', settings.noncurrentVersionExpirationDays, 1, 36_500);
  problems.integerInRange('accessLogExpirationDays', settings.accessLogExpirationDays, 1, 36_500);
  problems.throwIfAny();
}
