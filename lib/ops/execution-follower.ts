/**
 * Follows one execution until it ends, turning its history into step lines:
 *
 *   ▶ Bootstrap
 *   ✓ Bootstrap                 4.2 s
 *   ▶ LoadRawDay
 *   …
 *   ✓ Run succeeded in 6 min 12 s
 *
 * A step starts when the state named after it is entered (the cursor reset that opens its
 * loop) and ends when the next step starts or the execution ends. History is read page by page
 * from where the last poll stopped, so a long run is never read twice.
 */
import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import type { PipelineStepName } from '../pipeline/pipeline-contract.ts';
import type { OpsIo } from './ops-io.ts';

export type ExecutionOutcome = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface FollowOptions {
  /** @default 5000 */
  readonly pollIntervalMs?: number;
}

/**
 * The steps are the project's (one per layer), so a step is known by its shape: each step opens with
 * a Pass state named just the step (`Staging`), while every other state's name has a space in it
 * (`Staging submit`, `Staging failed`, `Run succeeded`; lib/infra/statement-polling-step.ts).
 */
function stepEntered(event: HistoryEvent): PipelineStepName | undefined {
  const name = event.stateEnteredEventDetails?.name;
  return event.type === 'PassStateEntered' && name !== undefined && /^[A-Z][A-Za-z0-9]*$/.test(name) ? name : undefined;
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export async function followExecution(client: SFNClient, executionArn: string, io: OpsIo, options: FollowOptions = {}): Promise<ExecutionOutcome> {
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  let current: { step: PipelineStepName; startedAt: Date } | undefined;
  let executionStart: Date | undefined;
  const finishStep = (at: Date): void => {
    if (current !== undefined) io.out(`✓ ${current.step.padEnd(24)} ${formatSeconds(secondsBetween(current.startedAt, at))}`);
    current = undefined;
  };
  // GetExecutionHistory has no "since": the last page is asked for again with the same token,
  // and the events already seen on it are skipped.
  let token: string | undefined;
  let seen = 0;
  for (;;) {
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn, nextToken: token, maxResults: 1000 }));
    const events: HistoryEvent[] = page.events ?? [];
    for (const event of events.slice(seen)) {
      const at = event.timestamp ?? io.now();
      if (event.type === 'ExecutionStarted') executionStart = at;
      const entered = stepEntered(event);
      if (entered !== undefined) {
        finishStep(at);
        current = { step: entered, startedAt: at };
        io.out(`▶ ${entered}`);
      }
      const outcome = ending(event);
      if (outcome === undefined) continue;
      const total = executionStart === undefined ? '' : ` in ${formatSeconds(secondsBetween(executionStart, at))}`;
      if (outcome === 'SUCCEEDED') {
        finishStep(at);
        io.out(`✓ Run succeeded${total}`);
      } else {
        io.out(`✗ ${current?.step ?? 'the run'} ${OUTCOME_WORDS[outcome]}${total}`);
        const details = failure(event);
        if (details !== undefined) io.err(details);
      }
      return outcome;
    }
    if (page.nextToken !== undefined) {
      token = page.nextToken;
      seen = 0;
      continue;
    }
    seen = events.length;
    await io.sleep(pollIntervalMs);
  }
}

const OUTCOME_WORDS: Readonly<Record<Exclude<ExecutionOutcome, 'SUCCEEDED'>, string>> = { FAILED: 'failed', TIMED_OUT: 'timed out', ABORTED: 'was aborted' };

function secondsBetween(start: Date, end: Date): number {
  return (end.getTime() - start.getTime()) / 1000;
}

function ending(event: HistoryEvent): ExecutionOutcome | undefined {
  switch (event.type) {
    case 'ExecutionSucceeded':
      return 'SUCCEEDED';
    case 'ExecutionFailed':
      return 'FAILED';
    case 'ExecutionTimedOut':
      return 'TIMED_OUT';
    case 'ExecutionAborted':
      return 'ABORTED';
    default:
      return undefined;
  }
}

function failure(event: HistoryEvent): string | undefined {
  const details = event.executionFailedEventDetails ?? event.executionTimedOutEventDetails ?? event.executionAbortedEventDetails;
  if (details === undefined) return undefined;
  return [details.error, details.cause].filter((part) => part !== undefined && part !== '').join(': ') || undefined;
}
