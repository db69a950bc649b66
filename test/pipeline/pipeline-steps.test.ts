/** The pipeline's steps come from the plan's layers: one build step per layer, named after it. */
import { describe, expect, it } from 'vitest';
import { LayerBuildStep } from '../../lib/pipeline/layer-build-step.ts';
import { layerStepName, pipelineSteps } from '../../lib/pipeline/pipeline-contract.ts';
import { crmRunPlan, RecordingTelemetry } from './step-fixture.ts';

describe('pipelineSteps', () => {
  it('puts one build step per layer, in the layers\' order, between the source freshness check and the quality checks; scoring before publishing', () => {
    expect(pipelineSteps(['staging', 'intermediate', 'marts'])).toEqual([
      'Bootstrap',
      'LoadRawDay',
      'SourceFreshness',
      'Staging',
      'Intermediate',
      'Marts',
      'QualityChecks',
      'Scoring',
      'Publish',
    ]);
  });

  it('names a layer step in PascalCase', () => {
    expect(layerStepName('semantic_models')).toBe('SemanticModels');
  });

  it('refuses layers whose steps would share a name, naming it', () => {
    expect(() => pipelineSteps(['staging', 'load_raw_day'])).toThrow("two pipeline steps would be named 'LoadRawDay'");
    expect(() => pipelineSteps(['staging', 'scoring'])).toThrow("two pipeline steps would be named 'Scoring'");
    expect(() => pipelineSteps(['a_b', 'a__b'])).toThrow("two pipeline steps would be named 'AB'");
  });
});

describe('LayerBuildStep', () => {
  it('refuses a layer the plan does not have, listing the plan\'s layers', async () => {
    const runPlan = await crmRunPlan();
    const layers = runPlan.plan.layers.map((layer) => layer.name).join(', ');
    expect(() => new LayerBuildStep({ layer: 'semantic', runPlan, runId: 'run', fullRefresh: false, telemetry: new RecordingTelemetry() })).toThrow(
      `layer 'semantic' is not a layer of the plan (${layers}): the step was deployed for another project`,
    );
  });
});
