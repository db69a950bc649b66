/**
 * The ops CLI against a mocked Step Functions (aws-sdk-client-mock): a run that succeeds, one that
 * fails, one refused because a run is in progress, status and history, and where the state
 * machine ARN comes from.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runOps } from '../../lib/ops/ops-program.ts';
import type { OpsIo } from '../../lib/ops/ops-io.ts';

const machine = 'arn:aws:states:eu-west-1:123456789012:stateMachine:CrmWarehouse-pipeline';
const execution = 'arn:aws:states:eu-west-1:123456789012:execution:CrmWarehouse-pipeline:manual-2026-11-24-20261125T080000Z';
const sfn = mockClient(SFNClient);

afterEach(() => sfn.reset());

function recordingIo(env: Record<string, string | undefined> = { CRM_WAREHOUSE_STATE_MACHINE_ARN: machine }) {
  const out: string[] = [];
  const err: string[] = [];
  let sleeps = 0;
  const io: OpsIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    sleep: async () => {
      sleeps += 1;
    },
    now: () => new Date('2026-11-25T08:00:00.000Z'),
    env,
  };
  return { io, out, err, sleeps: () => sleeps };
}

const at = (seconds: number): Date => new Date(Date.UTC(2026, 10, 25, 8, 0, seconds));
const entered = (name: string, seconds: number): HistoryEvent => ({ id: seconds, type: 'PassStateEntered', timestamp: at(seconds), stateEnteredEventDetails: { name } });
const started: HistoryEvent = { id: 0, type: 'ExecutionStarted', timestamp: at(0) };

function happyHistory(): HistoryEvent[] {
  const steps = ['Bootstrap', 'LoadRawDay', 'Staging', 'Dimensions', 'Facts', 'Marts', 'QualityChecks', 'Publish'];
  return [
    started,
    ...steps.flatMap((step, index): HistoryEvent[] => [
      entered(step, index * 10 + 1),
      { id: 100 + index, type: 'TaskStateEntered', timestamp: at(index * 10 + 2), stateEnteredEventDetails: { name: `${step} submit` } },
    ]),
    { id: 999, type: 'ExecutionSucceeded', timestamp: at(95) },
  ];
}

const cli = (argv: string[], io: OpsIo): Promise<number> => runOps(argv, new SFNClient({ region: 'eu-west-1' }), io);

describe('start --follow', () => {
  it('starts the run with its input, streams each step with its duration, and exits 0', async () => {
    const { io, out } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: execution, startDate: at(0) });
    const history = happyHistory();
    // The first poll sees the run half way, the second sees the rest.
    sfn.on(GetExecutionHistoryCommand).resolvesOnce({ events: history.slice(0, 7) }).resolves({ events: history });

    const code = await cli(['start', '--run-date', '2026-11-24', '--full-refresh', '--select', 'tag:fact', '+dim_accounts', '--follow'], io);

    expect(code).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: machine,
      name: 'manual-2026-11-24-20261125T080000Z',
      input: JSON.stringify({ run_date: '2026-11-24', full_refresh: true, select: ['tag:fact', '+dim_accounts'] }),
    });
    expect(out).toEqual([
      `started ${execution}`,
      '▶ Bootstrap',
      `✓ ${'Bootstrap'.padEnd(24)} 10.0 s`,
      '▶ LoadRawDay',
      `✓ ${'LoadRawDay'.padEnd(24)} 10.0 s`,
      '▶ Staging',
      `✓ ${'Staging'.padEnd(24)} 10.0 s`,
      '▶ Dimensions',
      `✓ ${'Dimensions'.padEnd(24)} 10.0 s`,
      '▶ Facts',
      `✓ ${'Facts'.padEnd(24)} 10.0 s`,
      '▶ Marts',
      `✓ ${'Marts'.padEnd(24)} 10.0 s`,
      '▶ QualityChecks',
      `✓ ${'QualityChecks'.padEnd(24)} 10.0 s`,
      '▶ Publish',
      `✓ ${'Publish'.padEnd(24)} 24.0 s`,
      '✓ Run succeeded in 1 min 35 s',
    ]);
  });

  it('reads a long history page by page', async () => {
    const { io, out } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: execution });
    const history = happyHistory();
    sfn.on(GetExecutionHistoryCommand, { executionArn: execution, nextToken: undefined, maxResults: 1000 }).resolves({ events: history.slice(0, 5), nextToken: 'more' });
    sfn.on(GetExecutionHistoryCommand, { executionArn: execution, nextToken: 'more', maxResults: 1000 }).resolves({ events: history.slice(5) });
    expect(await cli(['start', '--run-date', '2026-11-24', '--follow'], io)).toBe(0);
    expect(out.filter((line) => line.startsWith('▶'))).toHaveLength(8);
  });

  it('exits 1 and says which step failed and why', async () => {
    const { io, out, err } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: execution });
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        started,
        entered('Bootstrap', 1),
        entered('LoadRawDay', 5),
        entered('Staging', 20),
        entered('Dimensions', 30),
        entered('Facts', 40),
        entered('Marts', 50),
        entered('QualityChecks', 60),
        {
          id: 70,
          type: 'ExecutionFailed',
          timestamp: at(75),
          executionFailedEventDetails: { error: 'QualityChecksFailed', cause: '1 error-severity data check failed, so nothing was published' },
        },
      ],
    });
    expect(await cli(['start', '--run-date', '2026-11-24', '--follow'], io)).toBe(1);
    expect(out.at(-1)).toBe('✗ QualityChecks failed in 1 min 15 s');
    expect(out).not.toContain('▶ Publish');
    expect(err).toEqual(['QualityChecksFailed: 1 error-severity data check failed, so nothing was published']);
  });

  it('follows the steps of any layer, knowing a step by its entry state, not by a list', async () => {
    const { io, out } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: execution });
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        started,
        entered('Bootstrap', 1),
        entered('SemanticModels', 10),
        { id: 11, type: 'TaskStateEntered', timestamp: at(11), stateEnteredEventDetails: { name: 'SemanticModels submit' } },
        entered('SemanticModels failed', 12),
        { id: 13, type: 'ExecutionFailed', timestamp: at(13), executionFailedEventDetails: { error: 'StatementFailed', cause: 'boom' } },
      ],
    });
    expect(await cli(['start', '--run-date', '2026-11-24', '--follow'], io)).toBe(1);
    expect(out.filter((line) => line.startsWith('▶'))).toEqual(['▶ Bootstrap', '▶ SemanticModels']);
    expect(out.at(-1)).toBe('✗ SemanticModels failed in 13.0 s');
  });

  it('exits 1 for a run that timed out', async () => {
    const { io, out } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: execution });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [started, entered('Bootstrap', 1), { id: 9, type: 'ExecutionTimedOut', timestamp: at(9) }] });
    expect(await cli(['start', '--run-date', '2026-11-24', '--follow'], io)).toBe(1);
    expect(out.at(-1)).toBe('✗ Bootstrap timed out in 9.0 s');
  });

  it('polls again, after a wait, while the run goes on', async () => {
    const { io, sleeps } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: execution });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: [started] })
      .resolvesOnce({ events: [started, entered('Bootstrap', 1)] })
      .resolves({ events: [started, entered('Bootstrap', 1), { id: 3, type: 'ExecutionSucceeded', timestamp: at(3) }] });
    expect(await cli(['start', '--run-date', '2026-11-24', '--follow', '--poll-seconds', '1'], io)).toBe(0);
    expect(sleeps()).toBe(2);
  });
});

describe('start, with a run already in progress', () => {
  it('refuses to start a second run and exits 1', async () => {
    const { io, err } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({
      executions: [{ executionArn: `${machine}:scheduled`, stateMachineArn: machine, name: 'scheduled-2026-11-25', status: 'RUNNING', startDate: at(0) }],
    });
    expect(await cli(['start', '--run-date', '2026-11-24', '--follow'], io)).toBe(1);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(err[0]).toBe('a run is already in progress: scheduled-2026-11-25 (started 2026-11-25T08:00:00.000Z)');
  });

  it("reports the pipeline's own guard when another run slipped in between", async () => {
    const { io, err } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: execution });
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        started,
        entered('Bootstrap', 1),
        { id: 5, type: 'ExecutionFailed', timestamp: at(3), executionFailedEventDetails: { error: 'RunAlreadyInProgress', cause: 'another run of this pipeline is in progress' } },
      ],
    });
    expect(await cli(['start', '--run-date', '2026-11-24', '--follow'], io)).toBe(1);
    expect(err).toEqual(['RunAlreadyInProgress: another run of this pipeline is in progress']);
  });
});

describe('start without --follow, and usage errors', () => {
  it('starts and returns at once', async () => {
    const { io, out } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: execution });
    expect(await cli(['start', '--run-date', '2026-11-24'], io)).toBe(0);
    expect(out).toEqual([`started ${execution}`]);
    expect(sfn.commandCalls(GetExecutionHistoryCommand)).toHaveLength(0);
  });

  it('refuses a malformed run date with exit 2', async () => {
    const { io, err } = recordingIo();
    expect(await cli(['start', '--run-date', '2026-02-30'], io)).toBe(2);
    expect(err.join('\n')).toContain("--run-date takes a YYYY-MM-DD date, got '2026-02-30'");
  });

  it('refuses to guess the state machine', async () => {
    const { io, err } = recordingIo({});
    expect(await cli(['status', '--outputs-file', '/nonexistent/cdk-outputs.json'], io)).toBe(2);
    expect(err[0]).toMatch(/^cannot read \/nonexistent\/cdk-outputs\.json: pass --state-machine-arn/);
  });

  it('reports an AWS error with exit 2', async () => {
    const { io, err } = recordingIo();
    sfn.on(ListExecutionsCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    expect(await cli(['history'], io)).toBe(2);
    expect(err).toEqual(['AccessDeniedException: User is not authorized']);
  });
});

describe('where the state machine comes from', () => {
  it('reads the cdk deploy outputs file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ops-'));
    const file = join(folder, 'cdk-outputs.json');
    await writeFile(file, JSON.stringify({ CrmWarehouse: { StateMachineArn: machine } }));
    const { io } = recordingIo({});
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    expect(await cli(['--outputs-file', file, 'history'], io)).toBe(0);
    expect(sfn.commandCalls(ListExecutionsCommand)[0]?.args[0].input.stateMachineArn).toBe(machine);
  });

  it('prefers --state-machine-arn and refuses something that is not a state machine ARN', async () => {
    const { io, err } = recordingIo();
    expect(await cli(['--state-machine-arn', 'arn:aws:lambda:eu-west-1:123456789012:function:x', 'history'], io)).toBe(2);
    expect(err[0]).toMatch(/is not a Step Functions state machine ARN/);
  });

  it('names the missing output', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ops-'));
    const file = join(folder, 'cdk-outputs.json');
    await writeFile(file, JSON.stringify({ OtherStack: {} }));
    const { io, err } = recordingIo({});
    expect(await cli(['--outputs-file', file, 'history'], io)).toBe(2);
    expect(err[0]).toBe(`${file} has no CrmWarehouse.StateMachineArn output`);
  });
});

describe('status and history', () => {
  it('shows the latest run, its date, duration and error, exiting 1 when it failed', async () => {
    const { io, out } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: execution, stateMachineArn: machine, name: 'manual', status: 'FAILED', startDate: at(0) }] });
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn: execution,
      stateMachineArn: machine,
      name: 'manual-2026-11-24',
      status: 'FAILED',
      startDate: at(0),
      stopDate: at(42),
      input: JSON.stringify({ run_date: '2026-11-24' }),
      error: 'StatementFailed',
      cause: "'build facts 1/1' failed",
    });
    expect(await cli(['status'], io)).toBe(1);
    expect(out).toEqual([
      'manual-2026-11-24: FAILED',
      '  run date     2026-11-24',
      '  started      2026-11-25T08:00:00.000Z',
      '  duration     42.0 s',
      "  error        StatementFailed: 'build facts 1/1' failed",
    ]);
  });

  it('shows a scheduled run still going, and says so when there is no run', async () => {
    const { io, out } = recordingIo();
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn: execution,
      stateMachineArn: machine,
      name: 'scheduled',
      status: 'RUNNING',
      startDate: new Date('2026-11-25T07:59:00.000Z'),
      input: JSON.stringify({ scheduled_time: '2026-11-25T03:00:00Z' }),
    });
    expect(await cli(['status', execution], io)).toBe(0);
    expect(out).toContain('  run date     scheduled 2026-11-25T03:00:00Z');
    expect(out).toContain('  duration     1 min 0 s so far');
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    const empty = recordingIo();
    expect(await cli(['status'], empty.io)).toBe(0);
    expect(empty.out).toEqual(['no run yet']);
  });

  it('lists recent runs newest first', async () => {
    const { io, out } = recordingIo();
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        { executionArn: `${execution}-2`, stateMachineArn: machine, name: 'scheduled-2026-11-25', status: 'SUCCEEDED', startDate: at(0), stopDate: at(372) },
        { executionArn: `${execution}-1`, stateMachineArn: machine, name: 'scheduled-2026-11-24', status: 'FAILED', startDate: at(1), stopDate: at(31) },
      ],
    });
    expect(await cli(['history', '--limit', '2'], io)).toBe(0);
    expect(sfn.commandCalls(ListExecutionsCommand)[0]?.args[0].input).toEqual({ stateMachineArn: machine, maxResults: 2 });
    expect(out).toEqual([
      `SUCCEEDED  2026-11-25T08:00:00.000Z  ${'6 min 12 s'.padStart(12)}  scheduled-2026-11-25`,
      `FAILED     2026-11-25T08:00:01.000Z  ${'30.0 s'.padStart(12)}  scheduled-2026-11-24`,
    ]);
  });
});
