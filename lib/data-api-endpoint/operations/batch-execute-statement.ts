import { RequestMembers } from '../protocol/request-members.ts';
import type { EndpointState } from './endpoint-state.ts';
import { MAX_BATCH_STATEMENTS, submitStatement } from './submit-statement.ts';

/** BatchExecuteStatement: 1 to 40 SQL strings run in order in one transaction. */
export function batchExecuteStatement(state: EndpointState, body: Readonly<Record<string, unknown>>, caller: string): Record<string, unknown> {
  const members = new RequestMembers(body);
  const sqls = members.requiredStringList('Sqls', { min: 1, max: MAX_BATCH_STATEMENTS });
  return submitStatement(state, members, sqls, true, caller);
}
