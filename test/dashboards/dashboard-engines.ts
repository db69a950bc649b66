/**
 * The engines a dashboard's SQL must run on unchanged, as the docs site is written from any target's
 * warehouse: DuckDB, Postgres (PGlite), and Redshift through the local Data API endpoint (which never
 * accepts what Redshift would refuse).
 */
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { startDataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';

async function redshiftThroughEndpoint(): Promise<Engine> {
  const endpoint = await startDataApiEndpoint({ port: 0 });
  const client = new RedshiftDataClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const engine = new RedshiftDataEngine({ workgroupName: 'local', database: 'dev', client, pollIntervalMs: 5, maxPollIntervalMs: 50 });
  return {
    target: engine.target,
    dialect: engine.dialect,
    concurrency: engine.concurrency,
    execute: (sql) => engine.execute(sql),
    transaction: (statements) => engine.transaction(statements),
    query: (sql) => engine.query(sql),
    relationKind: (relation) => engine.relationKind(relation),
    relationKinds: (relations) => engine.relationKinds(relations),
    async close() {
      await engine.close();
      await endpoint.close();
    },
  };
}

export const DASHBOARD_ENGINES: readonly (readonly [string, () => Promise<Engine>])[] = [
  ['DuckDB', () => DuckDbEngine.open({ path: ':memory:' })],
  ['Postgres (PGlite)', () => PgliteEngine.open()],
  ['Redshift (local Data API endpoint)', redshiftThroughEndpoint],
];
