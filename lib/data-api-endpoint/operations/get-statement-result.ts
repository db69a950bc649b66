import { noResultAvailable, validationError } from '../protocol/data-api-error.ts';
import { decodeNextToken, encodeNextToken } from '../protocol/next-token.ts';
import { RequestMembers } from '../protocol/request-members.ts';
import type { SubStatement } from '../statements/statement-record.ts';
import type { EndpointState } from './endpoint-state.ts';

/**
 * GetStatementResult: one page of a finished statement's records with its ColumnMetadata and
 * TotalNumRows, and a NextToken while more remain. A batch's results are read per statement
 * (`id:n`). Statements that are not FINISHED or returned no result set have none.
 */
export function getStatementResult(state: EndpointState, body: Readonly<Record<string, unknown>>, caller: string): Record<string, unknown> {
  const members = new RequestMembers(body);
  const id = members.requiredString('Id');
  const nextToken = members.optionalString('NextToken');
  const { record, subStatement } = state.registry.lookup(id, caller);
  if (record.request.isBatch && subStatement === undefined) {
    throw validationError(`${id} is a batch; request the result of one of its statements, e.g. ${id}:1.`);
  }
  const sub = subStatement ?? (record.subStatements[0] as SubStatement);
  const resultSet = sub.resultSet;
  if (sub.status !== 'FINISHED' || resultSet === undefined) throw noResultAvailable(id);
  const offset = decodeNextToken(nextToken, id);
  const end = offset + state.pageSizeRows;
  return {
    Records: resultSet.records.slice(offset, end),
    ColumnMetadata: resultSet.columns,
    TotalNumRows: resultSet.records.length,
    ...(end < resultSet.records.length ? { NextToken: encodeNextToken(id, end) } : {}),
  };
}
