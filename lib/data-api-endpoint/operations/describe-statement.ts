import { connectionMembers } from '../protocol/connection-target.ts';
import { RequestMembers } from '../protocol/request-members.ts';
import { epochSeconds } from '../protocol/wire-time.ts';
import type { StatementRecord, SubStatement } from '../statements/statement-record.ts';
import type { EndpointState } from './endpoint-state.ts';

/**
 * DescribeStatement: status, timings (Duration in nanoseconds, -1 until the statement ran),
 * result shape and, for a batch, every sub-statement with its own status and error. An id with a
 * `:n` suffix describes that statement of a batch on its own.
 */
export function describeStatement(state: EndpointState, body: Readonly<Record<string, unknown>>, caller: string): Record<string, unknown> {
  const id = new RequestMembers(body).requiredString('Id');
  const { record, subStatement } = state.registry.lookup(id, caller);
  const common = {
    ...connectionMembers(record.request.target),
    RedshiftPid: record.redshiftPid,
    ResultFormat: 'JSON',
    ...(record.request.parameters === undefined ? {} : { QueryParameters: record.request.parameters }),
    ...(record.request.sessionId === undefined ? {} : { SessionId: record.request.sessionId }),
  };
  if (subStatement !== undefined) return { ...common, ...subStatementMembers(subStatement) };
  if (!record.request.isBatch) {
    const [only] = record.subStatements as [SubStatement];
    return { ...common, ...subStatementMembers(only), Status: record.status, Id: record.id };
  }
  return { ...common, ...batchMembers(record), SubStatements: record.subStatements.map(subStatementMembers) };
}

export function subStatementMembers(sub: SubStatement): Record<string, unknown> {
  return {
    Id: sub.id,
    Status: sub.status,
    CreatedAt: epochSeconds(sub.createdAt),
    UpdatedAt: epochSeconds(sub.updatedAt),
    Duration: sub.durationNanoseconds,
    QueryString: sub.queryString,
    HasResultSet: sub.resultSet !== undefined,
    ResultRows: sub.resultRows,
    ResultSize: sub.resultSet?.size ?? 0,
    RedshiftQueryId: sub.redshiftQueryId,
    ...(sub.error === undefined ? {} : { Error: sub.error }),
  };
}

/** A batch's own members summarise its sub-statements. */
function batchMembers(record: StatementRecord): Record<string, unknown> {
  const counted = record.subStatements.filter((sub) => sub.resultRows >= 0);
  return {
    Id: record.id,
    Status: record.status,
    CreatedAt: epochSeconds(record.createdAt),
    UpdatedAt: epochSeconds(record.updatedAt),
    Duration: record.durationNanoseconds,
    HasResultSet: record.subStatements.some((sub) => sub.resultSet !== undefined),
    ResultRows: counted.length === 0 ? -1 : counted.reduce((total, sub) => total + sub.resultRows, 0),
    ResultSize: record.subStatements.reduce((total, sub) => total + (sub.resultSet?.size ?? 0), 0),
    RedshiftQueryId: 0,
    ...(record.error === undefined ? {} : { Error: record.error }),
  };
}
