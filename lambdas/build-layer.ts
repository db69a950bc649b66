/** Staging, Dimensions, Facts and Marts steps: one handler, the layer from LAYER (lib/pipeline/layer-build-step.ts). */
import type { Layer } from '../lib/plan/plan.ts';
import type { PipelineStepName, StepRequest, StepResponse } from '../lib/pipeline/pipeline-contract.ts';
import { DataApiBatches } from '../lib/pipeline/data-api-batches.ts';
import { LayerBuildStep } from '../lib/pipeline/layer-build-step.ts';
import { verifiedRunPlan } from '../lib/pipeline/run-plan.ts';
import { advanceStep } from '../lib/pipeline/step-runner.ts';
import { redshiftData } from './common/clients.ts';
import { logger, metrics, telemetry } from './common/powertools.ts';
import { bundledProject, dataApiTarget, requireEnvironment } from './common/step-environment.ts';
import { invocationOf } from './common/step-request.ts';

const STEP_OF_LAYER: Readonly<Record<Layer, PipelineStepName>> = { staging: 'Staging', dimensions: 'Dimensions', facts: 'Facts', marts: 'Marts' };

export async function handler(request: StepRequest): Promise<StepResponse> {
  const { LAYER } = requireEnvironment('LAYER');
  if (!(LAYER in STEP_OF_LAYER)) throw new Error(`LAYER must be one of ${Object.keys(STEP_OF_LAYER).join(', ')}, got '${LAYER}'`);
  const layer = LAYER as Layer;
  const invocation = invocationOf(STEP_OF_LAYER[layer], request);
  const { run } = invocation;
  logger.appendKeys({ step: invocation.step, runId: run.runId });
  try {
    const step = new LayerBuildStep({ layer, runPlan: verifiedRunPlan(bundledProject(), run), runId: run.runId, fullRefresh: run.fullRefresh, telemetry });
    return await advanceStep(invocation, step, new DataApiBatches(redshiftData, dataApiTarget()), telemetry);
  } finally {
    metrics.publishStoredMetrics();
  }
}
