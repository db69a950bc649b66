/** Scoring step: churn and upsell scores of the run's staged features, staged for Publish (lib/pipeline/scoring-pipeline-step.ts). */
import { runEngineStep } from '../lib/pipeline/engine-step.ts';
import type { StepRequest, StepResponse } from '../lib/pipeline/pipeline-contract.ts';
import { verifiedRunPlan } from '../lib/pipeline/run-plan.ts';
import { runStagedScoring } from '../lib/pipeline/scoring-pipeline-step.ts';
import { logger, metrics, telemetry } from './common/powertools.ts';
import { bundledProject } from './common/step-environment.ts';
import { invocationOf } from './common/step-request.ts';
import { warehouseEngine } from './common/warehouse-engine.ts';

export async function handler(request: StepRequest): Promise<StepResponse> {
  const invocation = invocationOf('Scoring', request);
  logger.appendKeys({ step: 'Scoring', runId: invocation.run.runId });
  const engine = warehouseEngine();
  try {
    return await runEngineStep(invocation, async (run) => {
      const staged = await runStagedScoring(engine, verifiedRunPlan(bundledProject(), run), run.runId, telemetry);
      const { scoresStaged: _previous, ...rest } = run;
      return staged ? { ...rest, scoresStaged: true } : rest;
    });
  } finally {
    await engine.close();
    metrics.publishStoredMetrics();
  }
}
