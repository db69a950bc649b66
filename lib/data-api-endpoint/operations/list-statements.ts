import { constraintViolation } from '../protocol/data-api-error.ts';
import { decodeNextToken, encodeNextToken } from '../protocol/next-token.ts';
import { RequestMembers } from '../protocol/request-members.ts';
import { epochSeconds } from '../protocol/wire-time.ts';
import type { StatementRecord } from '../statements/statement-record.ts';
import type { EndpointState } from './endpoint-state.ts';

const STATUSES = ['SUBMITTED', 'PICKED', 'STARTED', 'FINISHED', 'ABORTED', 'FAILED', 'ALL'];
const DEFAULT_MAX_RESULTS = 100;
const LIST_SCOPE = 'ListStatements';

/**
 * ListStatements: newest first, filtered by Status (default ALL), by StatementName prefix and by
 * Database / WorkgroupName / ClusterIdentifier, paged by MaxResults (0 to 100; 0 means 100).
 * Only the caller's statements are listed; RoleLevel is accepted and ignored, since an access key
 * id stands for both the caller's role and its session here.
 */
export function listStatements(state: EndpointState, body: Readonly<Record<string, unknown>>, caller: string): Record<string, unknown> {
  const members = new RequestMembers(body);
  const maxResults = members.optionalInteger('MaxResults', { min: 0, max: DEFAULT_MAX_RESULTS }) || DEFAULT_MAX_RESULTS;
  const offset = decodeNextToken(members.optionalString('NextToken'), LIST_SCOPE);
  const status = members.optionalString('Status') ?? 'ALL';
  if (!STATUSES.includes(status)) {
    throw constraintViolation(status, 'status', `Member must satisfy enum value set: [${STATUSES.join(', ')}]`);
  }
  const namePrefix = members.optionalString('StatementName', { max: 500 });
  const database = members.optionalString('Database');
  const workgroupName = members.optionalString('WorkgroupName');
  const clusterIdentifier = members.optionalString('ClusterIdentifier');
  members.optionalBoolean('RoleLevel');

  const matching = state.registry.newestFirst(caller).filter((record) => {
    const { target, statementName } = record.request;
    return (
      (status === 'ALL' || record.status === status) &&
      (namePrefix === undefined || (statementName ?? '').startsWith(namePrefix)) &&
      (database === undefined || target.database === database) &&
      (workgroupName === undefined || target.workgroupName === workgroupName) &&
      (clusterIdentifier === undefined || target.clusterIdentifier === clusterIdentifier)
    );
  });
  const end = offset + maxResults;
  return {
    Statements: matching.slice(offset, end).map(statementData),
    ...(end < matching.length ? { NextToken: encodeNextToken(LIST_SCOPE, end) } : {}),
  };
}

function statementData(record: StatementRecord): Record<string, unknown> {
  const { request } = record;
  return {
    Id: record.id,
    Status: record.status,
    CreatedAt: epochSeconds(record.createdAt),
    UpdatedAt: epochSeconds(record.updatedAt),
    IsBatchStatement: request.isBatch,
    ...(request.isBatch ? { QueryStrings: request.sqls } : { QueryString: request.sqls[0] }),
    ResultFormat: 'JSON',
    ...(request.statementName === undefined ? {} : { StatementName: request.statementName }),
    ...(request.parameters === undefined ? {} : { QueryParameters: request.parameters }),
    ...(request.target.secretArn === undefined ? {} : { SecretArn: request.target.secretArn }),
    ...(request.sessionId === undefined ? {} : { SessionId: request.sessionId }),
  };
}
