/**
 * Reads the state machine's payload (lib/pipeline/pipeline-contract.ts StepRequest) into the
 * runner's invocation, for every step but Bootstrap (which creates the run).
 */
import type { PipelineStepName, RunContext, StepRequest } from '../../lib/pipeline/pipeline-contract.ts';
import type { StepInvocation } from '../../lib/pipeline/step-runner.ts';

export function invocationOf(step: PipelineStepName, request: StepRequest, run?: RunContext): StepInvocation {
  const context = run ?? request.run;
  if (!isRun(context)) throw new Error(`${step} was invoked without a run (Bootstrap establishes it): ${JSON.stringify(request.run)}`);
  return {
    step,
    run: context,
    cursor: request.step.cursor,
    ...(request.step.statementId === undefined ? {} : { statementId: request.step.statementId }),
    ...(request.step.memo === undefined ? {} : { memo: request.step.memo }),
  };
}

function isRun(value: StepRequest['run'] | RunContext): value is RunContext {
  return typeof (value as Partial<RunContext>).runId === 'string' && typeof (value as Partial<RunContext>).planChecksum === 'string';
}
