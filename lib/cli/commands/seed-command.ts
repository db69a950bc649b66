/**
 * `seed` (dbt seed): builds the selected seeds (sql/seeds/*.csv, lib/seeds) and runs their tests,
 * through the same write-audit-publish run as models: a seed whose error tests fail replaces
 * nothing. `--select` picks among the seeds; `build` and `run` build the seeds their selection
 * holds, before the models that ref() them.
 */
import type { CliIo } from '../cli-io.ts';
import { executeCommand, type ExecuteCommandOptions } from './execute-command.ts';

export const SEEDS_SELECTOR = 'resource_type:seed';

export async function seedCommand(options: ExecuteCommandOptions, io: CliIo): Promise<number> {
  const words = (options.select ?? []).flatMap((selector) => selector.split(/\s+/)).filter((word) => word !== '');
  const select = words.length === 0 ? [SEEDS_SELECTOR] : words.map((word) => `${word},${SEEDS_SELECTOR}`);
  return executeCommand('run', { ...options, select }, io);
}
