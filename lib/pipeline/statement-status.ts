/**
 * The poll in each step's loop (pipeline-contract.ts): is the batch a step submitted still running?
 *
 * Data API statements belong to the IAM role that submitted them (ListStatements' RoleLevel:
 * https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ListStatements.html), and the
 * stack grants Describe only on the role's own statements through the
 * `redshift-data:statement-owner-iam-userid` condition key (lib/infra/pipeline.ts). So the poll
 * runs in a Lambda under the same role as the step that submitted the batch, never as the state
 * machine's own role.
 *
 * Only the status goes back to the state machine: the full description repeats every statement's
 * SQL and could outgrow the 256 KB state limit. The step Lambda, called again once the batch has
 * ended, reads its outcome itself.
 */
import { DescribeStatementCommand, type RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { serviceCall } from './pipeline-errors.ts';

export interface StatementStatusRequest {
  /** The batch's id, as the step Lambda returned it (`$.step.statementId`). */
  readonly statementId: string;
}

export interface StatementStatusResponse {
  /** SUBMITTED, PICKED, STARTED (still running), FINISHED, FAILED, ABORTED. */
  readonly status: string;
}

export class StatementStatusRequestError extends Error {
  constructor(request: unknown) {
    super(`the statement poll needs { "statementId": "<Data API statement id>" }, got ${JSON.stringify(request)?.slice(0, 200) ?? String(request)}`);
    this.name = 'InvalidPollRequest';
  }
}

/** The statement's status; throttling and 5xx become the retryable PipelineThrottled/PipelineTransient. */
export async function statementStatus(client: RedshiftDataClient, request: unknown): Promise<StatementStatusResponse> {
  const statementId = (request as Partial<StatementStatusRequest> | null | undefined)?.statementId;
  if (typeof statementId !== 'string' || statementId.trim() === '') throw new StatementStatusRequestError(request);
  const described = await serviceCall('DescribeStatement', () => client.send(new DescribeStatementCommand({ Id: statementId })));
  if (described.Status === undefined) throw new Error(`DescribeStatement returned no status for statement ${statementId}`);
  return { status: described.Status };
}
