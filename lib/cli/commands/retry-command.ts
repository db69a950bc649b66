/**
 * `retry`, as dbt's: run again what failed in the last run of this target folder — its erroring
 * and failing nodes and everything it skipped because of them — with the same command (run, test
 * or build) and the options given now.
 */
import { readState } from '../../artifacts/read-state.ts';
import { RUN_RESULTS_FILE } from '../../artifacts/write-artifacts.ts';
import type { RunMode } from '../../runner/execute-plan.ts';
import type { CliIo } from '../cli-io.ts';
import { resolvePaths } from '../project-paths.ts';
import { UsageError } from '../usage-error.ts';
import { executeCommand, type ExecuteCommandOptions } from './execute-command.ts';

const RETRIED = ['error', 'fail', 'skipped'] as const;
const MODES: readonly RunMode[] = ['run', 'test', 'build'];

export type RetryCommandOptions = Omit<ExecuteCommandOptions, 'select' | 'exclude' | 'state' | 'defer'>;

export async function retryCommand(options: RetryCommandOptions, io: CliIo): Promise<number> {
  const { targetDir } = resolvePaths(options);
  const state = await readState(targetDir);
  const which = state.args?.which;
  if (state.results === undefined || typeof which !== 'string' || !(MODES as readonly string[]).includes(which)) {
    throw new UsageError(`retry: ${targetDir} has no ${RUN_RESULTS_FILE} of a run, test or build to retry`);
  }
  const statuses = new Set<string>([...state.results.values()]);
  const retried = RETRIED.filter((status) => statuses.has(status));
  if (retried.length === 0) {
    io.out(`Nothing to retry: the last ${which} in ${targetDir} had no errors, failures or skips.`);
    return 0;
  }
  io.out(`Retrying the last ${which}'s nodes with status ${retried.join(', ')}.`);
  return executeCommand(which as RunMode, { ...options, select: retried.map((status) => `result:${status}`), state: targetDir }, io);
}
