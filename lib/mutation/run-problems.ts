/** What the fixture test rejects in a build: a node that errored or failed, or one that was skipped. */
import type { RunResult } from '../runner/execute-plan.ts';

export function problemsOf(result: RunResult): string[] {
  return result.results
    .filter((node) => node.status === 'error' || node.status === 'fail' || node.status === 'skipped')
    .map((node) => `${node.name}: ${node.status}${node.message === undefined ? '' : `: ${firstLine(node.message)}`}`);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
