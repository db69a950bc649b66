import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { LandingReadError, readingLanding } from '../../lib/landing/landing-read-error.ts';
import type { LandingFile } from '../../lib/landing/local-landing.ts';

const vanished: LandingFile = {
  path: '/nonexistent/landing/raw/deals/ingest_date=2026-11-24/part-1.csv',
  relativePath: 'raw/deals/ingest_date=2026-11-24/part-1.csv',
  sizeBytes: 10,
  modifiedMs: 0,
  ingestDate: '2026-11-24',
};

describe('readingLanding', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
  });
  afterAll(() => engine.close());

  it('names the landing files when DuckDB cannot read them at all', async () => {
    // A file removed after discovery: DuckDB fails the whole scan rather than rejecting rows.
    const failing = readingLanding([vanished, { ...vanished, relativePath: 'raw/deals/ingest_date=2026-11-24/part-2.csv' }], () =>
      engine.query(`select * from read_csv('${vanished.path}', header = true)`),
    );
    await expect(failing).rejects.toThrow(LandingReadError);
    await expect(failing).rejects.toThrow(
      /^raw\/deals\/ingest_date=2026-11-24\/part-1.csv, raw\/deals\/ingest_date=2026-11-24\/part-2.csv: could not read this landing file set: DuckDB statement failed: select \* from read_csv.*\n.*No files found/s,
    );
  });

  it('passes the scan result through when it succeeds', async () => {
    expect(await readingLanding([vanished], () => engine.query('select 1 as ok'))).toEqual([{ ok: 1 }]);
  });
});
