// The differential run's third leg: the same landing built on DuckDB and through the
// Redshift engine — the real SDK client, the Data API wire protocol, COPY from "S3" — against the
// local endpoint on PGlite; every model's rows and every test's failures must be the same.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLocalLanding } from '../../lib/cli/landing-listing.ts';
import { compareWarehouses } from './differential/compare-warehouses.ts';
import { differenceLines } from './differential/difference-report.ts';
import type { Difference } from './differential/difference.ts';
import { buildWarehouse, type BuiltWarehouse } from './differential/differential-build.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding as loadOnDuckDb } from '../../lib/engines/duckdb/raw-loader.ts';
import { loadLanding as copyIntoRedshift } from '../../lib/engines/redshift-data/copy-loader.ts';
import { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { generateLanding } from '../../lib/generate/index.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const NAMES = ['duckdb', 'redshift'] as const;
const LANDING_URI = 's3://landing/crm';

describe('DuckDB and the Redshift engine (through the local Data API endpoint) build the same warehouse', () => {
  let s3Root: string;
  let endpoint: DataApiEndpoint;
  let duckdb: DuckDbEngine;
  let redshift: RedshiftDataEngine;
  let onDuckDb: BuiltWarehouse;
  let onRedshift: BuiltWarehouse;
  let differences: Difference[];

  beforeAll(async () => {
    s3Root = await mkdtemp(join(tmpdir(), 'differential-s3-'));
    // s3://landing/crm is <s3Root>/landing/crm for the endpoint's COPY; DuckDB reads the same folder.
    const landingDir = join(s3Root, 'landing', 'crm');
    const project = await loadProject(REPOSITORY);
    await generateLanding({ outDir: landingDir, scale: 0.02, days: 3, seed: 42, endDate: String(project.config.vars.run_date) });
    endpoint = await startDataApiEndpoint({ port: 0, s3Root });
    const client = new RedshiftDataClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    redshift = new RedshiftDataEngine({ workgroupName: 'local', database: 'dev', client, pollIntervalMs: 5, maxPollIntervalMs: 50 });
    duckdb = await DuckDbEngine.open({ path: ':memory:', threads: 1 });

    onDuckDb = await buildWarehouse(project, { engine: duckdb, load: (options) => loadOnDuckDb(duckdb, options) }, { landingDir, runId: 'on-duckdb' });
    onRedshift = await buildWarehouse(
      project,
      {
        engine: redshift,
        load: (options) =>
          copyIntoRedshift(redshift, {
            landingUri: LANDING_URI,
            listDays: () => listLocalLanding(s3Root, LANDING_URI),
            sources: options.sources,
            runId: options.runId,
            maxLoadErrors: options.maxLoadErrors,
          }),
      },
      { landingDir, runId: 'on-redshift' },
    );
    differences = await compareWarehouses(duckdb, redshift, onDuckDb.plan, { checkRunIds: ['on-duckdb', 'on-redshift'] });
  }, 600_000);

  afterAll(async () => {
    await Promise.all([duckdb?.close(), redshift?.close(), endpoint?.close()]);
    if (s3Root) await rm(s3Root, { recursive: true, force: true });
  });

  it('loads the same number of rows and rejects the same number', () => {
    expect(onRedshift.load.totals.rowsLoaded).toBe(onDuckDb.load.totals.rowsLoaded);
    expect(onRedshift.load.totals.rowsRejected).toBe(onDuckDb.load.totals.rowsRejected);
    expect(onDuckDb.load.totals.rowsLoaded).toBeGreaterThan(10_000);
  });

  it('builds every model and runs every test on both', () => {
    expect(onDuckDb.run.success).toBe(true);
    expect(onRedshift.run.success).toBe(true);
    expect(onRedshift.run.counts.error).toBe(0);
  });

  it('publishes the same rows in every model', () => {
    const tables = differences.filter((difference) => difference.kind !== 'check');
    expect(differenceLines(tables, NAMES)).toEqual([]);
  });

  it('finds the same failing rows in every data test', () => {
    const checks = differences.filter((difference) => difference.kind === 'check');
    expect(differenceLines(checks, NAMES)).toEqual([]);
  });
});
