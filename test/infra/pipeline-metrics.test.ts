/** The metric factory knows the steps of the pipeline it was given, in run order, and no others. */
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { PipelineMetrics } from '../../lib/infra/pipeline-metrics.ts';

function metricsFor(steps: readonly string[]): PipelineMetrics {
  const stack = new Stack();
  const fn = (id: string): lambda.IFunction => lambda.Function.fromFunctionName(stack, id, `crm-${id}`);
  return new PipelineMetrics({
    stateMachine: sfn.StateMachine.fromStateMachineName(stack, 'Machine', 'crm-pipeline'),
    functions: Object.fromEntries(steps.map((step) => [step, fn(step)])),
    pollers: { bootstrap: fn('PollAsBootstrap'), pipeline: fn('PollAsPipeline') },
    workgroupName: 'crm',
    metricsNamespace: 'CrmWarehouse',
  });
}

describe('PipelineMetrics', () => {
  it('lists the steps in the order their functions were given', () => {
    expect(metricsFor(['Bootstrap', 'LoadRawDay', 'Staging', 'Semantic', 'Marts']).steps()).toEqual(['Bootstrap', 'LoadRawDay', 'Staging', 'Semantic', 'Marts']);
  });

  it('refuses a step it has no function for, naming the steps it has', () => {
    expect(() => metricsFor(['Bootstrap', 'Staging']).stepErrors('Facts')).toThrow("no pipeline step 'Facts' (steps: Bootstrap, Staging)");
    expect(() => metricsFor(['Bootstrap', 'Staging']).stepDuration('Facts')).toThrow("no pipeline step 'Facts' (steps: Bootstrap, Staging)");
  });
});
