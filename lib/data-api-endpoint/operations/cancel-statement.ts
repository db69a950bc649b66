import { RequestMembers } from '../protocol/request-members.ts';
import type { EndpointState } from './endpoint-state.ts';

/**
 * CancelStatement: a SUBMITTED statement is dropped from the queue, a running one stops at its
 * next checkpoint and rolls back; either ends ABORTED before the call answers. Cancelling a
 * statement that already ended is a ValidationException. An `id:n` cancels the whole batch.
 */
export async function cancelStatement(state: EndpointState, body: Readonly<Record<string, unknown>>, caller: string): Promise<Record<string, unknown>> {
  const id = new RequestMembers(body).requiredString('Id');
  const { record } = state.registry.lookup(id, caller);
  await state.queue.cancel(record);
  return { Status: true };
}
