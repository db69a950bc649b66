/** SourceFreshness step: the source freshness check, reported, never failing the run (lib/pipeline/source-freshness-step.ts). */
import { runEngineStep } from '../lib/pipeline/engine-step.ts';
import type { StepRequest, StepResponse } from '../lib/pipeline/pipeline-contract.ts';
import { verifiedRunPlan } from '../lib/pipeline/run-plan.ts';
import { runSourceFreshnessStep } from '../lib/pipeline/source-freshness-step.ts';
import { logger, metrics, telemetry } from './common/powertools.ts';
import { bundledProject } from './common/step-environment.ts';
import { invocationOf } from './common/step-request.ts';
import { warehouseEngine } from './common/warehouse-engine.ts';

export async function handler(request: StepRequest): Promise<StepResponse> {
  const invocation = invocationOf('SourceFreshness', request);
  logger.appendKeys({ step: 'SourceFreshness', runId: invocation.run.runId });
  const engine = warehouseEngine();
  try {
    return await runEngineStep(invocation, async (run) => {
      await runSourceFreshnessStep(engine, verifiedRunPlan(bundledProject(), run).plan, run, telemetry);
      return run;
    });
  } finally {
    await engine.close();
    metrics.publishStoredMetrics();
  }
}
