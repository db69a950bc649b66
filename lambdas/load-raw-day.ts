/** LoadRawDay step: the run date's landed files into `raw` (lib/pipeline/load-raw-day-step.ts). */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { StepRequest, StepResponse } from '../lib/pipeline/pipeline-contract.ts';
import { DataApiBatches } from '../lib/pipeline/data-api-batches.ts';
import { LoadRawDayStep } from '../lib/pipeline/load-raw-day-step.ts';
import { verifiedRunPlan } from '../lib/pipeline/run-plan.ts';
import { S3Store } from '../lib/pipeline/s3-landing-store.ts';
import { advanceStep } from '../lib/pipeline/step-runner.ts';
import { redshiftData } from './common/clients.ts';
import { logger, metrics, telemetry } from './common/powertools.ts';
import { bundledProject, dataApiTarget, requireEnvironment } from './common/step-environment.ts';
import { invocationOf } from './common/step-request.ts';

const credentials = defaultProvider();

export async function handler(request: StepRequest): Promise<StepResponse> {
  const env = requireEnvironment('LANDING_BUCKET', 'LANDING_PREFIX', 'LANDING_READER_ROLE_ARN', 'MAX_LOAD_ERRORS', 'AWS_REGION');
  const invocation = invocationOf('LoadRawDay', request);
  const { run } = invocation;
  logger.appendKeys({ step: 'LoadRawDay', runId: run.runId });
  // The landing contract puts `raw/` last in the prefix; what is before it is the landing root.
  const landingRoot = env.LANDING_PREFIX.replace(/raw\/$/, '');
  try {
    const step = new LoadRawDayStep({
      runPlan: verifiedRunPlan(bundledProject(), run),
      runId: run.runId,
      runDate: run.runDate,
      fullRefresh: run.fullRefresh,
      loadedAt: new Date(run.startedAt),
      store: new S3Store({ bucket: env.LANDING_BUCKET, region: env.AWS_REGION, credentials }),
      landingUri: `s3://${env.LANDING_BUCKET}/${landingRoot}`.replace(/\/+$/, ''),
      landingRoot,
      iamRole: env.LANDING_READER_ROLE_ARN,
      maxLoadErrors: Number(env.MAX_LOAD_ERRORS),
      telemetry,
    });
    return await advanceStep(invocation, step, new DataApiBatches(redshiftData, dataApiTarget()), telemetry);
  } finally {
    metrics.publishStoredMetrics();
  }
}
