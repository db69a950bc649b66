/**
 * The local runner's incremental merge names the published table's columns, read from
 * information_schema.columns (lib/publish/published-columns.ts), on every engine it runs on:
 * DuckDB (test/runner/incremental-models.test.ts), Postgres (PGlite) and Redshift through the
 * local Data API endpoint, here. The model lists two columns of the published table in the other
 * order; by position each would land in the other's column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { makePlan, planModel, selectAll } from '../runner/plan-builder.ts';
import { endpointEngine } from '../engines/redshift-data/endpoint-engine.ts';

function linesPlan(columns: string) {
  return makePlan([
    planModel('fact_deal_lines', {
      sql: `select ${columns} from raw.deal_lines`,
      incrementalSql: `select ${columns} from raw.deal_lines where amount >= 20`,
      materialized: 'incremental',
      uniqueKey: ['deal_id', 'line'],
      // One logic in both orders, as when a `select *` reads a table whose columns were reordered: a
      // changed fingerprint would rebuild the table whole and never merge.
      logicFingerprint: 'fact_deal_lines',
    }),
  ]);
}

async function mergeReordered(engine: Engine): Promise<Record<string, unknown>[]> {
  await engine.execute('create schema if not exists raw');
  await engine.execute('drop table if exists raw.deal_lines');
  await engine.execute(`create table raw.deal_lines (deal_id integer, line varchar(10), stage varchar(10), amount integer)`);
  await engine.execute(`insert into raw.deal_lines values (1, 'a', 'open', 10), (1, 'b', 'won', 20), (2, 'a', 'open', 30)`);
  const first = linesPlan('deal_id, line, stage, amount');
  expect((await executePlan(engine, first, { mode: 'build', runId: 'r1', ...selectAll(first) })).success).toBe(true);
  await engine.execute(`update raw.deal_lines set stage = 'lost' where deal_id = 1 and line = 'b'`);
  const reordered = linesPlan('deal_id, stage, line, amount');
  expect((await executePlan(engine, reordered, { mode: 'build', runId: 'r2', ...selectAll(reordered) })).success).toBe(true);
  expect(await engine.query(`select message from audit.model_runs where run_id = 'r2' and node_name = 'fact_deal_lines'`)).toEqual([
    { message: expect.stringMatching(/^increment:/) },
  ]);
  return engine.query('select deal_id, line, stage, amount from analytics.fact_deal_lines order by deal_id, line');
}

const merged = [
  { deal_id: 1, line: 'a', stage: 'open', amount: 10 },
  { deal_id: 1, line: 'b', stage: 'lost', amount: 20 },
  { deal_id: 2, line: 'a', stage: 'open', amount: 30 },
];

describe('an increment merged by column name', () => {
  it('on Postgres (PGlite)', async () => {
    const engine = await PgliteEngine.open();
    try {
      expect(await mergeReordered(engine)).toEqual(merged);
    } finally {
      await engine.close();
    }
  }, 60_000);

  describe('on Redshift through the local Data API endpoint', () => {
    let endpoint: DataApiEndpoint;
    let client: RedshiftDataClient | undefined;
    beforeAll(async () => {
      endpoint = await startDataApiEndpoint({ port: 0 });
    }, 60_000);
    afterAll(async () => {
      client?.destroy();
      await endpoint?.close();
    });

    it('merges the same way', async () => {
      const opened = endpointEngine(endpoint);
      client = opened.client;
      try {
        expect(await mergeReordered(opened.engine)).toEqual(merged);
      } finally {
        await opened.engine.close();
      }
    }, 60_000);
  });
});
