/** AppFlow relay: copies each object an AppFlow flow writes into the landing layout (lib/sources/appflow-relay.ts). */
import { S3Client } from '@aws-sdk/client-s3';
import { flowOutputObjects, relayFlowOutputs, type RelaySettings } from '../lib/sources/appflow-relay.ts';
import { logger } from './common/powertools.ts';
import { requireEnvironment } from './common/step-environment.ts';

const s3 = new S3Client({});

function settings(): RelaySettings {
  const env = requireEnvironment('OUTPUT_PREFIX', 'LANDING_ROOT_PREFIX', 'TIME_ZONE', 'FLOW_ROUTES');
  return {
    outputPrefix: env.OUTPUT_PREFIX,
    // `-` stands for the empty prefix: an empty variable reads as unset.
    landingRoot: env.LANDING_ROOT_PREFIX === '-' ? '' : env.LANDING_ROOT_PREFIX,
    timeZone: env.TIME_ZONE,
    routes: JSON.parse(env.FLOW_ROUTES) as RelaySettings['routes'],
  };
}

export async function handler(event: unknown): Promise<void> {
  const result = await relayFlowOutputs(s3, flowOutputObjects(event), settings());
  for (const copy of result.relayed) logger.info('relayed', copy);
  for (const reason of result.skipped) logger.info('skipped', { reason });
}
