/** The real SDK client pointed at the local Data API endpoint (lib/data-api-endpoint). */
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll } from 'vitest';
import { startDataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import type { Engine } from '../../../lib/engines/engine.ts';
import type { DataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import { RedshiftDataEngine } from '../../../lib/engines/redshift-data/redshift-data-engine.ts';
import type { RedshiftDataEngineOptions } from '../../../lib/engines/redshift-data/redshift-data-engine.ts';
import { FakeClock } from './fake-clock.ts';

export function endpointClient(endpoint: DataApiEndpoint): RedshiftDataClient {
  // The endpoint checks no signature; the SDK still wants credentials to sign with.
  return new RedshiftDataClient({
    endpoint: endpoint.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** An engine on the endpoint whose waits cost no real time (each poll is still a real HTTP call). */
export function endpointEngine(
  endpoint: DataApiEndpoint,
  overrides: Partial<RedshiftDataEngineOptions> = {},
): { engine: RedshiftDataEngine; clock: FakeClock; client: RedshiftDataClient } {
  const clock = new FakeClock();
  const client = endpointClient(endpoint);
  const engine = new RedshiftDataEngine({
    client,
    workgroupName: 'crm',
    database: 'dev',
    sleep: clock.sleep,
    now: clock.now,
    pollIntervalMs: 50,
    maxPollIntervalMs: 200,
    ...overrides,
  });
  return { engine, clock, client };
}

/**
 * A local endpoint and an engine on it for one describe block: started (then `setUp`) before its
 * tests, closed after them. Returns the engine's getter.
 */
export function useEndpointEngine(setUp: (engine: Engine) => Promise<void>): () => Engine {
  let endpoint: DataApiEndpoint | undefined;
  let opened: ReturnType<typeof endpointEngine> | undefined;
  beforeAll(async () => {
    endpoint = await startDataApiEndpoint({ port: 0 });
    opened = endpointEngine(endpoint);
    await setUp(opened.engine);
  }, 60_000);
  afterAll(async () => {
    await opened?.engine.close();
    opened?.client.destroy();
    await endpoint?.close();
  });
  return () => {
    if (opened === undefined) throw new Error('the endpoint engine is used before its beforeAll ran');
    return opened.engine;
  };
}
