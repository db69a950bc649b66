/** Every layer's build step: one handler, the layer from LAYER (lib/pipeline/layer-build-step.ts). */
import { layerStepName, type StepRequest, type StepResponse } from '../lib/pipeline/pipeline-contract.ts';
import { DataApiBatches } from '../lib/pipeline/data-api-batches.ts';
import { LayerBuildStep } from '../lib/pipeline/layer-build-step.ts';
import { verifiedRunPlan } from '../lib/pipeline/run-plan.ts';
import { advanceStep } from '../lib/pipeline/step-runner.ts';
import { redshiftData } from './common/clients.ts';
import { logger, metrics, telemetry } from './common/powertools.ts';
import { bundledProject, dataApiTarget, requireEnvironment } from './common/step-environment.ts';
import { invocationOf } from './common/step-request.ts';

export async function handler(request: StepRequest): Promise<StepResponse> {
  const { LAYER: layer } = requireEnvironment('LAYER');
  const layers = bundledProject().config.layers.map((declared) => declared.name);
  // A function deployed for a layer the bundled project no longer has is a deployment mistake: say so before anything runs.
  if (!layers.includes(layer)) throw new Error(`LAYER must be one of ${layers.join(', ')}, got '${layer}'`);
  const invocation = invocationOf(layerStepName(layer), request);
  const { run } = invocation;
  logger.appendKeys({ step: invocation.step, runId: run.runId });
  try {
    const step = new LayerBuildStep({ layer, runPlan: verifiedRunPlan(bundledProject(), run), runId: run.runId, fullRefresh: run.fullRefresh, telemetry, ...(run.catalog === undefined ? {} : { catalog: run.catalog }) });
    return await advanceStep(invocation, step, new DataApiBatches(redshiftData, dataApiTarget()), telemetry);
  } finally {
    metrics.publishStoredMetrics();
  }
}
