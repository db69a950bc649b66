import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../lib/engines/duckdb/duckdb-engine.ts';
import type { LoadSummary } from '../../../lib/landing/load-summary.ts';
import { loadLanding as loadOnDuckDb } from '../../../lib/engines/duckdb/raw-loader.ts';
import type { Row } from '../../../lib/engines/engine.ts';
import { PgliteEngine } from '../../../lib/engines/postgres/pglite-engine.ts';
import { loadLanding as loadOnPostgres } from '../../../lib/engines/postgres/raw-loader.ts';
import type { PlanSource } from '../../../lib/plan/plan.ts';
import { Landing, source } from '../duckdb/landing-fixture.ts';

// Every value goes into its own row (`id`, then the value in the column of its type, the other
// columns empty), so each value is accepted or rejected on its own, and both loaders must agree.
const VALUES: Record<string, readonly string[]> = {
  boolean: ['true', 'false', 'TRUE', 't', 'f', '1', '0', 'yes', 'no', 'y', 'n', 'on', 'off', ' true', 'true ', 'tr'],
  integer: ['12', ' 12', '12 ', '+12', '-12', '1.5', '2.5', '-1.5', '1.0', '1e3', '0x10', '12a', '2147483648', '1_000', 'NaN'],
  'decimal(18,2)': ['12.5', '1.005', '1.015', '1e3', ' 7', '7 ', '+7', 'NaN', 'Infinity', '-inf', '.5', '5.', '"12,5O"', '1234567890123456789', '1_000', '-0.001'],
  // A date 'infinity' loads on both, but the DuckDB engine reads it back as '5881580-07-11'.
  date: ['2026-11-24', '2026-1-2', '20261124', '2026/11/24', '2026-11-24 10:00:00', '2026-11-24T10:00:00Z', ' 2026-11-24', '2026-02-30', 'epoch', 'today', 'Nov 24 2026'],
  timestamp: [
    '2026-11-24T10:15:00Z',
    '2026-11-24 10:15:00',
    '2026-11-24',
    '2026-11-24T10:15',
    '2026-11-24T10:15:00.123456789Z',
    '2026-11-24T10:15:00+02:00',
    '2026-11-24T10:15:00+02',
    '2026-11-24 10:15:00 UTC',
    ' 2026-11-24T10:15:00Z',
    '2026-11-24T10:15:00Z ',
    '2026-11-24T24:00:00Z',
    '2026-11-24T10:15:60Z',
    '2026-13-45T99:00:00Z',
    'yesterday',
    'infinity',
    '2026-11-24T10:15:00.5Z',
    '2026-11-24t10:15:00z',
    '2026-11-24 10:15:00+0200',
    '2026-11-24T10:15:00-03:30',
    '2026-11-24T23:30:00-01:00',
    '2026-02-30T10:15:00+02:00',
    '2026-11-24T10:15:00 Europe/Paris',
    '-infinity',
  ],
};
const COLUMN_OF: Record<string, string> = { boolean: 'flag', integer: 'count', 'decimal(18,2)': 'amount', date: 'day', timestamp: 'moment' };
const values = source('values', { id: 'integer', flag: 'boolean', count: 'integer', amount: 'decimal(18,2)', day: 'date', moment: 'timestamp', note: 'varchar' });
const HEADER = 'id,flag,count,amount,day,moment,note';
const shapes = source('shapes', { id: 'integer', a: 'varchar', b: 'varchar' });
const DAY = '2026-11-24';

function valueLines(): string[] {
  const lines = [HEADER];
  let id = 0;
  for (const [type, list] of Object.entries(VALUES)) {
    for (const value of list) {
      id += 1;
      const fields = ['', '', '', '', '', '', `${type} ${JSON.stringify(value)}`.replaceAll('"', "'")];
      fields[values.columns.findIndex((column) => column.name === COLUMN_OF[type])] = value;
      fields[0] = String(id);
      lines.push(fields.join(','));
    }
  }
  // After an empty line and a value spanning lines (the file holds offsets, so DuckDB reads a
  // rewritten copy of it), a rejected value must keep its line number.
  lines.push('', `${id + 1},,,,,2026-11-24T10:15:00+01:00,"two`, `lines"`, `${id + 2},,,,,not a time,`);
  return lines;
}

/** Comparable without load times; numbers as the engines return them. */
function withoutLoadTime(rows: readonly Row[]): Row[] {
  return rows.map(({ _loaded_at: _ignored, ...rest }) => rest);
}

function withoutSeconds(summary: LoadSummary) {
  return { ...summary, seconds: 0, tables: summary.tables.map((table) => ({ ...table, seconds: 0 })) };
}

describe('the Postgres loader against the DuckDB loader', () => {
  let landing: Landing;
  let duckdb: DuckDbEngine;
  let postgres: PgliteEngine;
  const summaries: LoadSummary[] = [];
  const sources: PlanSource[] = [values, shapes];

  beforeAll(async () => {
    landing = await Landing.create();
    await landing.write('values', DAY, 'part-1.csv', valueLines());
    await landing.write('values', DAY, 'part-2.csv.gz', [HEADER, '900,true,1,1.00,2026-11-24,2026-11-24T10:15:00Z,zipped']);
    await landing.write('shapes', DAY, 'part-1.csv', [
      'id,a,b',
      '1,x,y',
      '',
      '2,"",y',
      '3,ab"c,y',
      '4,x,y,',
      '5,x,y,,',
      '6,"multi',
      'line",y',
      '   ',
      '7,x',
      '8,"x"y,z',
      '9,x,y,z',
      '10,"a ""quoted"" word",y',
      '11,x,"open',
      '12,x,y',
    ]);
    [duckdb, postgres] = await Promise.all([DuckDbEngine.open({ path: ':memory:', threads: 1 }), PgliteEngine.open()]);
    const options = { landingDir: landing.dir, sources, runId: 'parity', maxLoadErrors: 1000 };
    summaries.push(await loadOnDuckDb(duckdb, options), await loadOnPostgres(postgres, options));
  });
  afterAll(async () => {
    await Promise.all([duckdb.close(), postgres.close(), landing.remove()]);
  });

  it('gives the same load summary', () => {
    const [onDuckDb, onPostgres] = summaries.map(withoutSeconds);
    expect(onPostgres).toEqual(onDuckDb);
    expect(onPostgres?.totals.rowsRejected).toBeGreaterThan(20);
  });

  it('loads the same values, typed the same way', async () => {
    for (const table of ['values', 'shapes']) {
      const sql = `select * from raw.${table} order by _source_file, id`;
      const [onDuckDb, onPostgres] = await Promise.all([duckdb.query(sql), postgres.query(sql)]);
      expect(withoutLoadTime(onPostgres)).toEqual(withoutLoadTime(onDuckDb));
    }
  });

  it('rejects the same lines of the same files', async () => {
    const sql = 'select distinct table_name, source_file, line_number from audit.load_errors order by 1, 2, 3';
    const [onDuckDb, onPostgres] = await Promise.all([duckdb.query(sql), postgres.query(sql)]);
    expect(onPostgres).toEqual(onDuckDb);
  });
});
