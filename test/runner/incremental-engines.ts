/**
 * The engines the local runner's incremental builds are checked on: DuckDB, Postgres (PGlite) and
 * Redshift through the local Data API endpoint (one endpoint per test file, emptied for each test).
 */
import { afterAll } from 'vitest';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import { endpointEngine } from '../engines/redshift-data/endpoint-engine.ts';
import { openTestEngine } from './plan-builder.ts';

let endpoint: DataApiEndpoint | undefined;
afterAll(async () => {
  await endpoint?.close();
});

async function openEndpointEngine(): Promise<Engine> {
  endpoint ??= await startDataApiEndpoint({ port: 0 });
  const { engine, client } = endpointEngine(endpoint);
  for (const schema of ['raw', 'staging', 'analytics', 'audit']) await engine.execute(`drop schema if exists ${schema} cascade`);
  const close = engine.close.bind(engine);
  return Object.assign(engine, {
    close: async () => {
      await close();
      client.destroy();
    },
  });
}

export const incrementalEngines: readonly [string, () => Promise<Engine>][] = [
  ['DuckDB', () => openTestEngine()],
  ['Postgres (PGlite)', () => PgliteEngine.open()],
  ['Redshift through the local Data API endpoint', openEndpointEngine],
];
