/**
 * The steps that run an Engine within one Lambda invocation (SourceFreshness, Scoring;
 * pipeline-contract.ts): their work ends before the handler returns, so the response reports the
 * step done at once and the state machine's loop goes straight on to the next step.
 */
import { INITIAL_WAIT_SECONDS, type RunContext, type StepResponse } from './pipeline-contract.ts';
import type { StepInvocation } from './step-runner.ts';

export async function runEngineStep(invocation: StepInvocation, work: (run: RunContext) => Promise<RunContext>): Promise<StepResponse> {
  const run = await work(invocation.run);
  return { run, step: { cursor: invocation.cursor, done: true, waitSeconds: INITIAL_WAIT_SECONDS, memo: {} } };
}
