/**
 * The publish queue and procedure (lib/pipeline/publish-procedure.ts): how statements are queued,
 * and the procedure itself on the local Data API endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { publishCall, publishProcedureSetup, queueStatements } from '../../lib/pipeline/publish-procedure.ts';
import { INSERT_VALUES_BYTES } from '../../lib/publish/audit-records.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { endpointEngine } from '../engines/redshift-data/endpoint-engine.ts';

describe('queueStatements', () => {
  it('empties the queue, then inserts the statements in order in inserts of bounded size', () => {
    const statements = Array.from({ length: 2_000 }, (_, index) => ({ owner: `model.crm.m${index}`, sql: `alter table "analytics"."m${index}__wap" rename to "m${index}"` }));
    const [first, ...inserts] = queueStatements('run-1', statements);
    expect(first).toBe('delete from audit.publish_statements');
    expect(inserts.length).toBeGreaterThan(1);
    // INSERT_VALUES_BYTES of values each, well within the Data API's 100 KB a statement.
    for (const insert of inserts) expect(Buffer.byteLength(insert)).toBeLessThan(INSERT_VALUES_BYTES * 1.2);
    const positions = inserts.flatMap((insert) => [...insert.matchAll(/\('run-1', (\d+), /g)].map((match) => Number(match[1])));
    expect(positions).toEqual(statements.map((_, index) => index + 1));
  });

  it('refuses a statement longer than the queue column, naming its model', () => {
    expect(() => queueStatements('run-1', [{ owner: 'model.crm.huge', sql: `select '${'x'.repeat(70_000)}'` }])).toThrow(
      /^model\.crm\.huge: a publish statement of 70009 bytes does not fit audit\.publish_statements \(at most 65535 bytes\)/,
    );
  });
});

describe('the publish procedure on the local Data API endpoint', () => {
  let endpoint: DataApiEndpoint;
  let redshift: RedshiftDataEngine;
  beforeAll(async () => {
    endpoint = await startDataApiEndpoint({ port: 0 });
    redshift = endpointEngine(endpoint).engine;
    await redshift.execute('create schema if not exists audit');
    await redshift.transaction(publishProcedureSetup());
  }, 60_000);
  afterAll(async () => {
    await redshift?.close();
    await endpoint?.close();
  });

  it('runs the queued statements in order in the calling transaction and empties the queue', async () => {
    await redshift.transaction(
      queueStatements('run-1', [
        { owner: 'model.crm.a', sql: 'create table audit.published_a as select 1 as id' },
        { owner: 'model.crm.a', sql: "create table audit.published_b as select id, 'it''s done' as note from audit.published_a" },
      ]),
    );
    await redshift.transaction([publishCall('run-1')]);
    expect(await redshift.query('select id, note from audit.published_b')).toEqual([{ id: 1, note: "it's done" }]);
    expect(await redshift.query('select count(*) as queued from audit.publish_statements')).toEqual([{ queued: 0 }]);
  });

  it('fails when nothing is queued for the run, rather than publishing nothing', async () => {
    await expect(redshift.transaction([publishCall('run-2')])).rejects.toThrow('no statements are queued to publish run run-2');
  });
});
