import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { assertNoEarlierRun } from '../../lib/pipeline/concurrency-guard.ts';

const machine = 'arn:aws:states:eu-west-1:123456789012:stateMachine:CrmWarehouse-pipeline';
const execution = (name: string): string => `arn:aws:states:eu-west-1:123456789012:execution:CrmWarehouse-pipeline:${name}`;
const sfn = mockClient(SFNClient);

afterEach(() => sfn.reset());

describe('one run at a time', () => {
  it('lets a run go on when it is the only one running', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: execution('me'), stateMachineArn: machine, name: 'me', status: 'RUNNING', startDate: new Date('2026-11-24T03:00:00Z') }] });
    await assertNoEarlierRun(new SFNClient({}), machine, { executionArn: execution('me'), startTime: '2026-11-24T03:00:00Z' });
    expect(sfn.commandCalls(ListExecutionsCommand)[0]?.args[0].input).toMatchObject({ stateMachineArn: machine, statusFilter: 'RUNNING' });
  });

  it('stops a run when an earlier one is still running, naming it', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        { executionArn: execution('me'), stateMachineArn: machine, name: 'me', status: 'RUNNING', startDate: new Date('2026-11-24T03:00:05Z') },
        { executionArn: execution('manual'), stateMachineArn: machine, name: 'manual', status: 'RUNNING', startDate: new Date('2026-11-24T02:59:00Z') },
      ],
    });
    await expect(assertNoEarlierRun(new SFNClient({}), machine, { executionArn: execution('me'), startTime: '2026-11-24T03:00:05Z' })).rejects.toMatchObject({
      name: 'RunAlreadyInProgress',
      message: expect.stringContaining(execution('manual')),
    });
  });

  it('lets the earliest of two overlapping runs go on (the later one stops itself)', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [{ executionArn: execution('later'), stateMachineArn: machine, name: 'later', status: 'RUNNING', startDate: new Date('2026-11-24T03:00:09Z') }],
    });
    await assertNoEarlierRun(new SFNClient({}), machine, { executionArn: execution('me'), startTime: '2026-11-24T03:00:05Z' });
  });

  it('breaks a tie on the start time by execution ARN, so exactly one goes on', async () => {
    const same = new Date('2026-11-24T03:00:00Z');
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        { executionArn: execution('a'), stateMachineArn: machine, name: 'a', status: 'RUNNING', startDate: same },
        { executionArn: execution('b'), stateMachineArn: machine, name: 'b', status: 'RUNNING', startDate: same },
      ],
    });
    await assertNoEarlierRun(new SFNClient({}), machine, { executionArn: execution('a'), startTime: same.toISOString() });
    await expect(assertNoEarlierRun(new SFNClient({}), machine, { executionArn: execution('b'), startTime: same.toISOString() })).rejects.toMatchObject({ name: 'RunAlreadyInProgress' });
  });

  it('reads every page of running executions', async () => {
    sfn
      .on(ListExecutionsCommand)
      .resolvesOnce({ executions: [], nextToken: 'page-2' })
      .resolvesOnce({ executions: [{ executionArn: execution('old'), stateMachineArn: machine, name: 'old', status: 'RUNNING', startDate: new Date('2026-11-23T03:00:00Z') }] });
    await expect(assertNoEarlierRun(new SFNClient({}), machine, { executionArn: execution('me'), startTime: '2026-11-24T03:00:00Z' })).rejects.toMatchObject({ name: 'RunAlreadyInProgress' });
    expect(sfn.commandCalls(ListExecutionsCommand)[1]?.args[0].input.nextToken).toBe('page-2');
  });

  it('turns throttling into the retryable PipelineThrottled', async () => {
    sfn.on(ListExecutionsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(assertNoEarlierRun(new SFNClient({}), machine, { executionArn: execution('me'), startTime: '2026-11-24T03:00:00Z' })).rejects.toMatchObject({ name: 'PipelineThrottled' });
  });
});
