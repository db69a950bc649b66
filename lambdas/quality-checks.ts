/** QualityChecks step: every selected data test against the staged run (lib/pipeline/quality-checks-step.ts). */
import type { StepRequest, StepResponse } from '../lib/pipeline/pipeline-contract.ts';
import { DataApiBatches } from '../lib/pipeline/data-api-batches.ts';
import { QualityChecksStep } from '../lib/pipeline/quality-checks-step.ts';
import { verifiedRunPlan } from '../lib/pipeline/run-plan.ts';
import { advanceStep } from '../lib/pipeline/step-runner.ts';
import { redshiftData } from './common/clients.ts';
import { logger, metrics, telemetry } from './common/powertools.ts';
import { bundledProject, dataApiTarget } from './common/step-environment.ts';
import { invocationOf } from './common/step-request.ts';

export async function handler(request: StepRequest): Promise<StepResponse> {
  const invocation = invocationOf('QualityChecks', request);
  const { run } = invocation;
  logger.appendKeys({ step: 'QualityChecks', runId: run.runId });
  try {
    const step = new QualityChecksStep({ runPlan: verifiedRunPlan(bundledProject(), run), runId: run.runId, checkedAt: new Date(run.startedAt), telemetry });
    return await advanceStep(invocation, step, new DataApiBatches(redshiftData, dataApiTarget()), telemetry);
  } finally {
    metrics.publishStoredMetrics();
  }
}
