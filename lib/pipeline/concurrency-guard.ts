/**
 * One run at a time (docs/architecture.md, "Orchestration"). Two runs at once would build the same `__wap`
 * relations and swap the same tables, and Redshift would fail one of them mid-way, or worse,
 * publish a mix. So Bootstrap, before it touches anything, lists this state machine's RUNNING
 * executions: if any other started earlier (ties broken by execution ARN), this run fails with
 * RunAlreadyInProgress. Of any number of overlapping starts exactly the oldest goes on, and it
 * needs no lock to clean up if it dies: Step Functions itself is the lock table.
 *
 * A run that has ended is never RUNNING, so a failed or stopped run cannot block the next one.
 */
import { ListExecutionsCommand, type ExecutionListItem, type SFNClient } from '@aws-sdk/client-sfn';
import { RunAlreadyInProgressError, serviceCall } from './pipeline-errors.ts';

export async function assertNoEarlierRun(client: SFNClient, stateMachineArn: string, self: { executionArn: string; startTime: string }): Promise<void> {
  const selfStart = new Date(self.startTime).getTime();
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await serviceCall('ListExecutions', () =>
      client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 100, nextToken: token })),
    );
    const earlier = (page.executions ?? []).find((execution) => execution.executionArn !== self.executionArn && startedBefore(execution, selfStart, self.executionArn));
    if (earlier !== undefined) {
      throw new RunAlreadyInProgressError(earlier.executionArn ?? 'unknown execution', earlier.startDate?.toISOString() ?? 'at an unknown time');
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
}

function startedBefore(execution: ExecutionListItem, selfStart: number, selfArn: string): boolean {
  const start = execution.startDate?.getTime();
  // Without a start date, assume the worst: it may be older.
  if (start === undefined) return true;
  return start < selfStart || (start === selfStart && (execution.executionArn ?? '') < selfArn);
}
