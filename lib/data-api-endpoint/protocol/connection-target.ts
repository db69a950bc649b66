import type { ConnectionTarget } from '../statements/statement-record.ts';
import { validationError } from './data-api-error.ts';
import type { RequestMembers } from './request-members.ts';

const WORKGROUP_NAME =
  /^(([a-z0-9-]+)|(arn:(aws(-[a-z]+)*):redshift-serverless:[a-z]{2}(-gov|(-iso[a-z]?))?-[a-z]+-\d{1}:\d{12}:workgroup\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))$/;

/** The database user Redshift derives from the caller's IAM identity, which the endpoint does not check. */
const LOCAL_DB_USER = 'IAM:local';

/**
 * Where a new statement runs, from WorkgroupName (serverless) or ClusterIdentifier (provisioned)
 * plus Database: exactly one of the first two, and a database, unless the call names a SessionId.
 * Any workgroup, cluster or database name is accepted; all run on the endpoint's one database.
 */
export function readConnectionTarget(members: RequestMembers): ConnectionTarget {
  const workgroupName = members.optionalString('WorkgroupName', { min: 3, max: 128, pattern: WORKGROUP_NAME });
  const clusterIdentifier = members.optionalString('ClusterIdentifier', { min: 1, max: 63 });
  const database = members.optionalString('Database');
  const dbUser = members.optionalString('DbUser');
  const secretArn = members.optionalString('SecretArn');
  if (workgroupName === undefined && clusterIdentifier === undefined) {
    throw validationError('Either WorkgroupName (serverless) or ClusterIdentifier (provisioned) must be specified.');
  }
  if (workgroupName !== undefined && clusterIdentifier !== undefined) {
    throw validationError('WorkgroupName and ClusterIdentifier cannot both be specified.');
  }
  if (database === undefined || database === '') {
    throw validationError('Database must be specified with WorkgroupName or ClusterIdentifier.');
  }
  return {
    ...(workgroupName === undefined ? {} : { workgroupName }),
    ...(clusterIdentifier === undefined ? {} : { clusterIdentifier }),
    database,
    dbUser: dbUser ?? LOCAL_DB_USER,
    ...(secretArn === undefined ? {} : { secretArn }),
  };
}

/** The connection members every statement description repeats. */
export function connectionMembers(target: ConnectionTarget): Record<string, string> {
  return {
    Database: target.database,
    ...(target.dbUser === undefined ? {} : { DbUser: target.dbUser }),
    ...(target.workgroupName === undefined ? {} : { WorkgroupName: target.workgroupName }),
    ...(target.clusterIdentifier === undefined ? {} : { ClusterIdentifier: target.clusterIdentifier }),
    ...(target.secretArn === undefined ? {} : { SecretArn: target.secretArn }),
  };
}
