/**
 * Statement poll: the status of a batch a step submitted (lib/pipeline/statement-status.ts). The
 * stack runs one of these under each role that submits SQL, and each step's loop polls through the
 * one sharing its role.
 */
import { statementStatus, type StatementStatusRequest, type StatementStatusResponse } from '../lib/pipeline/statement-status.ts';
import { redshiftData } from './common/clients.ts';

export async function handler(request: StatementStatusRequest): Promise<StatementStatusResponse> {
  return statementStatus(redshiftData, request);
}
