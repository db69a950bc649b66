/** Publish step: swap the staged run in (with the scores the Scoring step staged), then report the KPIs (lib/pipeline/publish-step.ts). */
import type { StepRequest, StepResponse } from '../lib/pipeline/pipeline-contract.ts';
import { DataApiBatches } from '../lib/pipeline/data-api-batches.ts';
import { PublishStep } from '../lib/pipeline/publish-step.ts';
import { verifiedRunPlan } from '../lib/pipeline/run-plan.ts';
import { withStagedScores } from '../lib/pipeline/scoring-pipeline-step.ts';
import { advanceStep } from '../lib/pipeline/step-runner.ts';
import { redshiftData } from './common/clients.ts';
import { logger, metrics, telemetry } from './common/powertools.ts';
import { bundledProject, dataApiTarget } from './common/step-environment.ts';
import { invocationOf } from './common/step-request.ts';

export async function handler(request: StepRequest): Promise<StepResponse> {
  const invocation = invocationOf('Publish', request);
  const { run } = invocation;
  logger.appendKeys({ step: 'Publish', runId: run.runId });
  try {
    const runPlan = verifiedRunPlan(bundledProject(), run);
    const step = new PublishStep({ runPlan: run.scoresStaged === true ? withStagedScores(runPlan) : runPlan, runId: run.runId, telemetry });
    return await advanceStep(invocation, step, new DataApiBatches(redshiftData, dataApiTarget()), telemetry);
  } finally {
    metrics.publishStoredMetrics();
  }
}
