/**
 * `--quiet` (`-q`), as dbt's: nothing but the nodes that failed, one line each with why; the exit
 * code says the rest. Diagnostics on stderr are unaffected.
 */
import type { RunResult } from '../runner/execute-plan.ts';
import type { CliIo } from './cli-io.ts';

/** An io that prints nothing on stdout. */
export function silentIo(io: CliIo): CliIo {
  return { out: () => undefined, err: io.err, color: io.color };
}

export function failureLines(result: RunResult): string[] {
  return result.results
    .filter((node) => node.status === 'error' || node.status === 'fail')
    .map((node) => `${node.status.toUpperCase()} ${node.resourceType} ${node.id}${node.message === undefined ? '' : `: ${node.message}`}`);
}
