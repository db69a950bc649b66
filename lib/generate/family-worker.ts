/**
 * Entry point of the child process that generates part of a landing (see family-process.ts):
 * receives the options and its families over IPC, reports progress, and answers with its result.
 */
import { runFamilies, type FamilyName } from './family-runner.ts';
import type { ValidatedOptions } from './options-validation.ts';
import type { FamilyProcessMessage } from './family-process.ts';

interface FamilyProcessRequest {
  readonly settings: ValidatedOptions;
  readonly families: readonly FamilyName[];
}

const send = (message: FamilyProcessMessage): Promise<void> =>
  new Promise((resolve) => {
    process.send?.(message, undefined, {}, () => resolve());
  });

let finished = false;

// A parent that went away (killed, crashed) will not read the result: stop writing files for it.
process.once('disconnect', () => {
  if (!finished) process.exit(1);
});

process.once('message', (request: FamilyProcessRequest) => {
  runFamilies(request.settings, request.families, (event) => void send({ kind: 'progress', event }))
    .then((result) => send({ kind: 'result', result }))
    .catch((error: unknown) => send({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
    .finally(() => {
      finished = true;
      process.disconnect?.();
    });
});
