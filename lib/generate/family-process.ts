/**
 * Runs some families in a child Node process, so that a large landing uses a second core. The
 * child runs the TypeScript sources through tsx's loader, like the rest of the project, and
 * rebuilds the same generation context from the same options, so its tables are exactly those a
 * single process would write.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { FamiliesResult, FamilyName } from './family-runner.ts';
import type { GenerateProgressEvent } from './generate-options.ts';
import type { ValidatedOptions } from './options-validation.ts';

export type FamilyProcessMessage =
  | { readonly kind: 'progress'; readonly event: GenerateProgressEvent }
  | { readonly kind: 'result'; readonly result: FamiliesResult }
  | { readonly kind: 'error'; readonly message: string };

export function runFamiliesInChildProcess(
  settings: ValidatedOptions,
  families: readonly FamilyName[],
  notify: (event: GenerateProgressEvent) => void,
): Promise<FamiliesResult> {
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = fork(new URL('./family-worker.ts', import.meta.url), [], {
    execArgv: ['--import', tsxLoader],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let outcome: FamiliesResult | Error | undefined;
    child.on('message', (message: FamilyProcessMessage) => {
      if (message.kind === 'progress') notify(message.event);
      else if (message.kind === 'result') outcome = message.result;
      else outcome = new Error(`generating ${families.join(', ')} failed in a child process:\n${message.message}`);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (outcome instanceof Error) reject(outcome);
      else if (outcome !== undefined) resolve(outcome);
      else reject(new Error(`the generator process for ${families.join(', ')} ended (${signal ?? `code ${code}`}) without a result`));
    });
    child.send({ settings, families });
  });
}
