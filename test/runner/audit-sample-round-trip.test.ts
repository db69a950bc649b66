/**
 * A failing row's sample is stored as JSON text in audit.check_results. JSON escapes a quote as
 * `\"` and a backslash as `\\`, and Redshift reads a backslash in a plain literal as an escape
 * ("Appropriately doubles any embedded single quotation marks and backslashes":
 * https://docs.aws.amazon.com/redshift/latest/dg/r_QUOTE_LITERAL.html), so the INSERT must quote
 * the text Redshift's way or what is stored is no longer JSON. Checked by reading the literal as
 * Redshift does, by a round trip through the Data API (the local endpoint, which reads literals as
 * Redshift does), and on DuckDB with the portable quoting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTableStatements } from '../../lib/audit/audit-tables.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import type { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { checkResultInsert, type CheckResultRecord } from '../../lib/publish/audit-records.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { endpointEngine } from '../engines/redshift-data/endpoint-engine.ts';

const sample = [{ path: 'C:\\crm\\', note: 'said "hi" \\ left' }, { path: '\\\\', note: "it's" }];
const record: CheckResultRecord = {
  runId: 'run-1',
  testId: 'test.crm.x',
  testName: 'x',
  modelId: 'model.crm.m',
  severity: 'warn',
  status: 'warn',
  failures: 2,
  sample,
  phase: 'audit',
  checkedAt: new Date('2026-11-24T03:00:00Z'),
};

/** The value of the plain literal starting at `start`, as Redshift reads it: `''` is a quote, `\x` is x. */
function readRedshiftLiteral(sql: string, start: number): string {
  let value = '';
  for (let index = start + 1; index < sql.length; index += 1) {
    const char = sql[index] as string;
    if (char === '\\') {
      index += 1;
      value += sql[index] ?? '';
    } else if (char === "'") {
      if (sql[index + 1] !== "'") return value;
      value += "'";
      index += 1;
    } else {
      value += char;
    }
  }
  throw new Error('unterminated literal');
}

describe('audit.check_results.sample with a backslash and a quote', () => {
  it('is quoted so that Redshift stores the same JSON', () => {
    const sql = checkResultInsert(record, 'redshift');
    const stored = readRedshiftLiteral(sql, sql.indexOf("'[{"));
    expect(JSON.parse(stored)).toEqual(sample);
  });

  it('would not be JSON on Redshift with the portable quoting (what the test above guards against)', () => {
    const sql = checkResultInsert(record);
    expect(() => JSON.parse(readRedshiftLiteral(sql, sql.indexOf("'[{")))).toThrow();
  });

  async function roundTrip(engine: Engine): Promise<unknown> {
    for (const statement of auditTableStatements()) await engine.execute(statement);
    await engine.execute(checkResultInsert(record, engine.target));
    const [row] = await engine.query("select sample from audit.check_results where run_id = 'run-1'");
    return JSON.parse(String(row?.sample));
  }

  describe('stored and read back', () => {
    let endpoint: DataApiEndpoint;
    let redshift: RedshiftDataEngine;
    let duckdb: DuckDbEngine;
    beforeAll(async () => {
      endpoint = await startDataApiEndpoint({ port: 0 });
      redshift = endpointEngine(endpoint).engine;
      duckdb = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    }, 60_000);
    afterAll(async () => {
      await Promise.all([redshift?.close(), duckdb?.close()]);
      await endpoint?.close();
    });

    it('is the same JSON through the Redshift Data API', async () => {
      expect(await roundTrip(redshift)).toEqual(sample);
    }, 60_000);

    it('is the same JSON on DuckDB', async () => {
      expect(await roundTrip(duckdb)).toEqual(sample);
    });
  });
});
