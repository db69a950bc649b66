/**
 * A timestamp written with a numeric offset is stored at UTC on every engine: DuckDB, Postgres
 * (PGlite) and Redshift COPY (through the local Data API endpoint) load the same file to the same
 * values, and reject the same unparseable values with their file and line.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding as loadOnDuckDb } from '../../../lib/engines/duckdb/raw-loader.ts';
import type { Row } from '../../../lib/engines/engine.ts';
import { PgliteEngine } from '../../../lib/engines/postgres/pglite-engine.ts';
import { loadLanding as loadOnPostgres } from '../../../lib/engines/postgres/raw-loader.ts';
import { loadLanding as loadOnRedshift } from '../../../lib/engines/redshift-data/copy-loader.ts';
import type { RedshiftDataEngine } from '../../../lib/engines/redshift-data/redshift-data-engine.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import { source } from '../duckdb/landing-fixture.ts';
import { endpointEngine } from './endpoint-engine.ts';

const stamps = source('stamps', { id: 'integer', moment: 'timestamp', note: 'varchar' });
const DAY = '2026-11-24';
const FILE = `raw/stamps/ingest_date=${DAY}/part-0.csv`;
/** A gzip file is read from a gzip copy. */
const GZIP_FILE = `raw/stamps/ingest_date=${DAY}/part-1.csv.gz`;
const GZIP_LINES = ['id,moment,note', '9,2026-11-24T23:30:00-01:00,zipped'];
const LINES = [
  'id,moment,note',
  '1,2026-11-24T10:15:00+05:00,"two, quoted"',
  '2,2026-11-24T10:15:00-03:30,',
  '3,2026-11-24 10:15:00+0200,"say ""hi"""',
  '4,2026-11-24T10:15:00Z,',
  '5,2026-11-24 10:15:00,',
  '6,2026-11-24T02:00:00.123456+05:00,',
  '7,not a time,',
  '8,2026-02-30T10:00:00+05:00,',
];

let landingDir: string;
let s3Root: string;
let endpoint: DataApiEndpoint;
let duckdb: DuckDbEngine;
let postgres: PgliteEngine;
let redshift: RedshiftDataEngine;

beforeAll(async () => {
  [landingDir, s3Root] = await Promise.all([mkdtemp(join(tmpdir(), 'offset-landing-')), mkdtemp(join(tmpdir(), 'offset-s3-'))]);
  for (const root of [landingDir, join(s3Root, 'landing', 'crm')]) {
    const path = join(root, FILE);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${LINES.join('\n')}\n`);
    await writeFile(join(root, GZIP_FILE), gzipSync(`${GZIP_LINES.join('\n')}\n`));
  }
  endpoint = await startDataApiEndpoint({ port: 0, s3Root });
  [duckdb, postgres] = await Promise.all([DuckDbEngine.open({ path: ':memory:', threads: 1 }), PgliteEngine.open()]);
  ({ engine: redshift } = endpointEngine(endpoint));
  const request = { sources: [stamps], runId: 'offsets', maxLoadErrors: 10 };
  await loadOnDuckDb(duckdb, { ...request, landingDir });
  await loadOnPostgres(postgres, { ...request, landingDir });
  await loadOnRedshift(redshift, { ...request, landingUri: 's3://landing/crm', listDays: async () => [{ table: 'stamps', ingestDate: DAY, objects: [{ path: FILE }, { path: GZIP_FILE }] }] });
}, 120_000);

afterAll(async () => {
  await Promise.all([duckdb?.close(), postgres?.close(), redshift?.close()]);
  await endpoint?.close();
  await Promise.all([landingDir, s3Root].map((dir) => (dir ? rm(dir, { recursive: true, force: true }) : undefined)));
});

const engines = () => [
  ['DuckDB', duckdb],
  ['Postgres', postgres],
  ['Redshift (local endpoint)', redshift],
] as const;

async function stored(engine: { query(sql: string): Promise<Row[]> }): Promise<Row[]> {
  return engine.query('select id, moment, note from "raw"."stamps" order by id');
}

describe('a timestamp with an offset', () => {
  it('is stored at UTC, the same on every engine', async () => {
    const expected = [
      { id: 1, moment: '2026-11-24T05:15:00.000Z', note: 'two, quoted' },
      { id: 2, moment: '2026-11-24T13:45:00.000Z', note: null },
      { id: 3, moment: '2026-11-24T08:15:00.000Z', note: 'say "hi"' },
      { id: 4, moment: '2026-11-24T10:15:00.000Z', note: null },
      { id: 5, moment: '2026-11-24T10:15:00.000Z', note: null },
      { id: 6, moment: '2026-11-23T21:00:00.123Z', note: null },
      { id: 9, moment: '2026-11-25T00:30:00.000Z', note: 'zipped' },
    ];
    for (const [name, engine] of engines()) expect({ name, rows: await stored(engine) }).toEqual({ name, rows: expected });
  });

  it('keeps its microseconds', async () => {
    const sql = `select cast(moment as varchar(40)) as text from "raw"."stamps" where id = 6`;
    for (const [name, engine] of engines()) expect({ name, rows: await engine.query(sql) }).toEqual({ name, rows: [{ text: '2026-11-23 21:00:00.123456' }] });
  });

  it('leaves unparseable values rejected with their file and line', async () => {
    const sql = 'select source_file, line_number, column_name from audit.load_errors order by line_number';
    const rejected = [8, 9].map((line) => ({ source_file: FILE, line_number: line, column_name: 'moment' }));
    for (const [name, engine] of engines()) expect({ name, rows: await engine.query(sql) }).toEqual({ name, rows: rejected });
  });
});
