import { RequestMembers } from '../protocol/request-members.ts';
import type { EndpointState } from './endpoint-state.ts';
import { submitStatement } from './submit-statement.ts';

/** ExecuteStatement: one SQL string (which may hold several statements), run asynchronously. */
export function executeStatement(state: EndpointState, body: Readonly<Record<string, unknown>>, caller: string): Record<string, unknown> {
  const members = new RequestMembers(body);
  return submitStatement(state, members, [members.requiredString('Sql')], false, caller);
}
