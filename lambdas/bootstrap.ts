/**
 * Bootstrap step: on its first call, establish the run (guard, input, plan); then the database
 * role and grants as the admin (lib/pipeline/bootstrap-step.ts).
 */
import type { StepRequest, StepResponse } from '../lib/pipeline/pipeline-contract.ts';
import { BootstrapGrantsStep, startRun } from '../lib/pipeline/bootstrap-step.ts';
import { DataApiBatches } from '../lib/pipeline/data-api-batches.ts';
import { advanceStep } from '../lib/pipeline/step-runner.ts';
import { redshiftData, stepFunctions } from './common/clients.ts';
import { logger, metrics, telemetry } from './common/powertools.ts';
import { bundledProject, dataApiTarget, requireEnvironment } from './common/step-environment.ts';
import { invocationOf } from './common/step-request.ts';

export async function handler(request: StepRequest): Promise<StepResponse> {
  const env = requireEnvironment('STATE_MACHINE_ARN', 'DATABASE_ROLE', 'LANDING_READER_ROLE_ARN', 'TIME_ZONE');
  const target = dataApiTarget();
  logger.appendKeys({ step: 'Bootstrap', executionArn: request.execution.id });
  try {
    const run =
      request.step.cursor === 0
        ? await startRun(request.execution, {
            sfn: stepFunctions,
            stateMachineArn: env.STATE_MACHINE_ARN,
            project: bundledProject(),
            timeZone: env.TIME_ZONE,
            telemetry,
          })
        : undefined;
    const enabled = target.adminSecretArn !== undefined;
    const grants = new BootstrapGrantsStep({
      enabled,
      databaseRole: env.DATABASE_ROLE,
      // Only the grants need it: the IAM role the other step Lambdas run as.
      pipelineRoleName: enabled ? requireEnvironment('PIPELINE_ROLE_NAME').PIPELINE_ROLE_NAME : '',
      database: target.database,
      landingReaderRoleArn: env.LANDING_READER_ROLE_ARN,
    });
    return await advanceStep(invocationOf('Bootstrap', request, run), grants, new DataApiBatches(redshiftData, target), telemetry);
  } finally {
    metrics.publishStoredMetrics();
  }
}
