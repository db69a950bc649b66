/**
 * `crm-warehouse-ops`: start a run by hand and follow it, look at the latest run, list recent
 * runs (docs/architecture.md, "A small ops CLI"). Exit codes: 0 the run succeeded (or the command did its
 * job), 1 the run failed, timed out or was refused, 2 the command could not run.
 *
 *   crm-warehouse-ops start --run-date 2026-11-24 [--full-refresh] [--select tag:fact ...] [--follow]
 *   crm-warehouse-ops status [execution-arn]
 *   crm-warehouse-ops history [--limit 10]
 */
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  type ExecutionListItem,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { isValidDate } from '../landing/landing-layout.ts';
import type { ExecutionInput } from '../pipeline/pipeline-contract.ts';
import { followExecution, formatSeconds } from './execution-follower.ts';
import type { OpsIo } from './ops-io.ts';
import { resolveStateMachineArn, TargetError, type TargetOptions } from './state-machine-target.ts';

export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_INVALID = 2;

interface GlobalOptions extends TargetOptions {
  readonly pollSeconds: number;
}

function runDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isValidDate(value)) throw new InvalidArgumentError(`--run-date takes a YYYY-MM-DD date, got '${value}'`);
  return value;
}

function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError(`${flag} takes a whole number of 1 or more, got '${value}'`);
    return parsed;
  };
}

/** `manual-<run date>-<UTC time>`: unique per start, and it says what it was for. */
export function executionName(date: string, now: Date): string {
  return `manual-${date}-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

/** Runs the CLI; resolves with the exit code. */
export async function runOps(argv: readonly string[], client: SFNClient, io: OpsIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('crm-warehouse-ops')
    .description('Start, follow and inspect crm-warehouse pipeline runs in AWS')
    .option('--state-machine-arn <arn>', 'the pipeline state machine (default: $CRM_WAREHOUSE_STATE_MACHINE_ARN, then cdk-outputs.json)')
    .option('--outputs-file <file>', 'stack outputs written by `cdk deploy --outputs-file`', undefined)
    .option('--stack-name <name>', 'stack whose outputs to read', undefined)
    .option('--poll-seconds <n>', 'seconds between history polls while following', positiveInteger('--poll-seconds'), 5)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });

  const target = async (): Promise<string> => resolveStateMachineArn(program.opts<GlobalOptions>(), io.env);

  program
    .command('start')
    .description('start a run and, with --follow, stream its steps until it ends')
    .requiredOption('--run-date <date>', 'the business date to build (YYYY-MM-DD)', runDate)
    .option('--full-refresh', 'reload every landed day up to the run date and rebuild from scratch', false)
    .option('--select <selector...>', 'dbt selectors, e.g. tag:fact +fact_deals')
    .option('--follow', 'stream the steps until the run ends; exit 1 if it fails', false)
    .action(async (options: { runDate: string; fullRefresh: boolean; select?: string[]; follow: boolean }) => {
      const stateMachineArn = await target();
      const running = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 10 }));
      const inProgress = running.executions?.[0];
      if (inProgress !== undefined) {
        io.err(`a run is already in progress: ${inProgress.name ?? inProgress.executionArn} (started ${inProgress.startDate?.toISOString() ?? '?'})`);
        io.err('only one run at a time may build the warehouse; follow it with `crm-warehouse-ops status` and start again when it has ended');
        exitCode = EXIT_RUN_FAILED;
        return;
      }
      const input: ExecutionInput = {
        run_date: options.runDate,
        ...(options.fullRefresh ? { full_refresh: true } : {}),
        ...(options.select === undefined ? {} : { select: options.select }),
      };
      const started = await client.send(
        new StartExecutionCommand({ stateMachineArn, name: executionName(options.runDate, io.now()), input: JSON.stringify(input) }),
      );
      const executionArn = started.executionArn ?? '';
      io.out(`started ${executionArn}`);
      if (!options.follow) return;
      const outcome = await followExecution(client, executionArn, io, { pollIntervalMs: program.opts<GlobalOptions>().pollSeconds * 1000 });
      exitCode = outcome === 'SUCCEEDED' ? EXIT_OK : EXIT_RUN_FAILED;
    });

  program
    .command('status')
    .description('show a run (default: the latest)')
    .argument('[execution-arn]', 'the run to show')
    .action(async (executionArn: string | undefined) => {
      const arn = executionArn ?? (await latest(client, await target()))?.executionArn;
      if (arn === undefined) {
        io.out('no run yet');
        return;
      }
      const execution = await client.send(new DescribeExecutionCommand({ executionArn: arn }));
      const input = parseInput(execution.input);
      const ended = execution.stopDate ?? io.now();
      io.out(`${execution.name ?? arn}: ${execution.status ?? 'UNKNOWN'}`);
      io.out(`  run date     ${input.run_date ?? (input.scheduled_time === undefined ? 'default' : `scheduled ${input.scheduled_time}`)}`);
      io.out(`  started      ${execution.startDate?.toISOString() ?? '?'}`);
      if (execution.startDate !== undefined) io.out(`  duration     ${formatSeconds((ended.getTime() - execution.startDate.getTime()) / 1000)}${execution.stopDate ? '' : ' so far'}`);
      if (execution.error !== undefined) io.out(`  error        ${execution.error}: ${execution.cause ?? ''}`);
      if (execution.status === 'FAILED' || execution.status === 'TIMED_OUT' || execution.status === 'ABORTED') exitCode = EXIT_RUN_FAILED;
    });

  program
    .command('history')
    .description('list recent runs, newest first')
    .option('--limit <n>', 'how many', positiveInteger('--limit'), 10)
    .action(async (options: { limit: number }) => {
      const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: await target(), maxResults: options.limit }));
      const executions = listed.executions ?? [];
      if (executions.length === 0) io.out('no run yet');
      for (const execution of executions) {
        const duration = execution.startDate === undefined ? '' : formatSeconds(((execution.stopDate ?? io.now()).getTime() - execution.startDate.getTime()) / 1000);
        io.out(`${(execution.status ?? '').padEnd(10)} ${execution.startDate?.toISOString() ?? ''}  ${duration.padStart(12)}  ${execution.name ?? ''}`);
      }
    });

  try {
    await program.parseAsync(['node', 'crm-warehouse-ops', ...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_INVALID;
    if (error instanceof TargetError) {
      io.err(error.message);
      return EXIT_INVALID;
    }
    io.err(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return EXIT_INVALID;
  }
}

async function latest(client: SFNClient, stateMachineArn: string): Promise<ExecutionListItem | undefined> {
  const listed = await client.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1 }));
  return listed.executions?.[0];
}

function parseInput(input: string | undefined): ExecutionInput {
  try {
    return JSON.parse(input ?? '{}') as ExecutionInput;
  } catch {
    return {};
  }
}
