/**
 * Engine.relationKinds (lib/engines/relation-kinds.ts): several relations' kinds from one catalog
 * query, on DuckDB, Postgres (PGlite) and Redshift through the local Data API endpoint, directly
 * and inside a held transaction; a failed lookup names the relations it was for.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import type { Relation } from '../../lib/plan/plan.ts';
import { endpointEngine } from './redshift-data/endpoint-engine.ts';

let endpoint: DataApiEndpoint | undefined;
afterAll(async () => {
  await endpoint?.close();
});

/** An engine on the file's one endpoint, its schemas emptied; closing it also destroys its client. */
async function openOnEndpoint(on: DataApiEndpoint): Promise<Engine> {
  const { engine, client } = endpointEngine(on);
  const close = engine.close.bind(engine);
  return Object.assign(engine, {
    close: async () => {
      await close();
      client.destroy();
    },
  });
}

async function openEndpointEngine(): Promise<Engine> {
  endpoint ??= await startDataApiEndpoint({ port: 0 });
  const engine = await openOnEndpoint(endpoint);
  for (const schema of ['staging', 'analytics']) await engine.execute(`drop schema if exists ${schema} cascade`);
  return engine;
}

/** An engine whose every call fails: closed, or on an endpoint that stopped listening. */
const unreachable: Readonly<Record<string, () => Promise<Engine>>> = {
  DuckDB: async () => {
    const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    await engine.close();
    return engine;
  },
  'Postgres (PGlite)': async () => {
    const engine = await PgliteEngine.open();
    await engine.close();
    return engine;
  },
  'Redshift through the local Data API endpoint': async () => {
    const stopped = await startDataApiEndpoint({ port: 0 });
    await stopped.close();
    return openOnEndpoint(stopped);
  },
};

const engines: readonly [string, () => Promise<Engine>][] = [
  ['DuckDB', () => DuckDbEngine.open({ path: ':memory:', threads: 1 })],
  ['Postgres (PGlite)', () => PgliteEngine.open()],
  ['Redshift through the local Data API endpoint', openEndpointEngine],
];

const table: Relation = { schema: 'analytics', name: 'fact_deals' };
const view: Relation = { schema: 'analytics', name: 'deal_count' };
const absent: Relation = { schema: 'analytics', name: 'fact_deals__wap' };
const elsewhere: Relation = { schema: 'staging', name: 'fact_deals' };

describe.each(engines)('relationKinds on %s', (name, open) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await open();
    await engine.execute(engine.dialect.createSchema('analytics'));
    await engine.execute(engine.dialect.createSchema('staging'));
    await engine.transaction(engine.dialect.createTableAs(table, 'select 1 as deal_id', { materialized: 'table', tags: [] }));
    await engine.transaction(engine.dialect.createView(view, 'select count(*) as deals from analytics.fact_deals'));
  }, 60_000);
  afterEach(async () => {
    await engine.close();
  });

  it('gives each relation its kind in the order asked, undefined where nothing has that schema and name, in one query', async () => {
    const sent: string[] = [];
    engine.onStatement = (sql) => sent.push(sql);

    expect(await engine.relationKinds([view, absent, table, elsewhere, table])).toEqual(['view', undefined, 'table', undefined, 'table']);

    expect(sent).toHaveLength(1);
    expect(await engine.relationKind(view)).toBe('view');
  }, 60_000);

  it('asks nothing for no relations', async () => {
    const sent: string[] = [];
    engine.onStatement = (sql) => sent.push(sql);

    expect(await engine.relationKinds([])).toEqual([]);

    expect(sent).toEqual([]);
  });

  it('sees what a held transaction has created and not yet committed', async () => {
    if (engine.inTransaction === undefined) {
      // The Data API holds no connection between calls (engine.ts, inTransaction).
      expect(engine.target).toBe('redshift');
      return;
    }
    const seen = await engine.inTransaction(async (held) => {
      await held.transaction(held.dialect.createTableAs(absent, 'select 2 as deal_id', { materialized: 'table', tags: [] }));
      return held.relationKinds([absent, view]);
    });

    expect(seen).toEqual(['table', 'view']);
  });

  it('names the relations when the lookup fails', async () => {
    const broken = await (unreachable[name] ?? open)();
    try {
      await expect(broken.relationKinds([absent, table])).rejects.toThrow(/^cannot look up whether analytics\.fact_deals__wap, analytics\.fact_deals exist: .+/);
    } finally {
      if (broken.target === 'redshift') await broken.close();
    }
  }, 60_000);
});
