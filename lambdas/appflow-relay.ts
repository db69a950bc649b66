/** AppFlow relay: copies each object an AppFlow flow writes into the landing layout (lib/sources/appflow-relay.ts). */
import { S3Client } from '@aws-sdk/client-s3';
import { flowOutputObjects, relayFlowOutputs, relaySettingsFromEnvironment } from '../lib/sources/appflow-relay.ts';
import { logger } from './common/powertools.ts';

const s3 = new S3Client({});

export async function handler(event: unknown): Promise<void> {
  const result = await relayFlowOutputs(s3, flowOutputObjects(event), relaySettingsFromEnvironment(process.env));
  for (const copy of result.relayed) logger.info('relayed', copy);
  for (const reason of result.skipped) logger.info('skipped', { reason });
}
