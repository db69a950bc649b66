// The differential run: one generated landing, built on DuckDB and on Postgres through
// the CLI's path (compile for the target, load, execute the whole plan in build mode); then
// every model's rows and every test's failures must be the same on both.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWarehouses } from './differential/compare-warehouses.ts';
import { differenceLines } from './differential/difference-report.ts';
import type { Difference } from './differential/difference.ts';
import { buildWarehouse } from './differential/differential-build.ts';
import type { BuiltWarehouse } from './differential/differential-build.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { LoadSummary } from '../../lib/landing/load-summary.ts';
import { loadLanding as loadOnDuckDb } from '../../lib/engines/duckdb/raw-loader.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import { loadLanding as loadOnPostgres } from '../../lib/engines/postgres/raw-loader.ts';
import { generateLanding } from '../../lib/generate/index.ts';
import { loadProject } from '../../lib/project/load-project.ts';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const NAMES = ['duckdb', 'postgres'] as const;

function withoutTimings(summary: LoadSummary) {
  return { ...summary, runId: '', seconds: 0, tables: summary.tables.map((table) => ({ ...table, seconds: 0 })) };
}

describe('DuckDB and Postgres build the same warehouse from the same landing', () => {
  let landingDir: string;
  let duckdb: DuckDbEngine;
  let postgres: PgliteEngine;
  let onDuckDb: BuiltWarehouse;
  let onPostgres: BuiltWarehouse;
  let differences: Difference[];

  beforeAll(async () => {
    landingDir = await mkdtemp(join(tmpdir(), 'differential-landing-'));
    const project = await loadProject(REPOSITORY);
    await generateLanding({ outDir: landingDir, scale: 0.02, days: 3, seed: 42, endDate: String(project.config.vars.run_date) });
    [duckdb, postgres] = await Promise.all([DuckDbEngine.open({ path: ':memory:', threads: 1 }), PgliteEngine.open()]);
    onDuckDb = await buildWarehouse(project, { engine: duckdb, load: (options) => loadOnDuckDb(duckdb, options) }, { landingDir, runId: 'on-duckdb' });
    onPostgres = await buildWarehouse(project, { engine: postgres, load: (options) => loadOnPostgres(postgres, options) }, { landingDir, runId: 'on-postgres' });
    differences = await compareWarehouses(duckdb, postgres, onDuckDb.plan, { checkRunIds: ['on-duckdb', 'on-postgres'] });
  }, 300_000);

  afterAll(async () => {
    await Promise.all([duckdb?.close(), postgres?.close(), landingDir && rm(landingDir, { recursive: true, force: true })]);
  });

  it('loads the same rows and rejects the same ones', () => {
    expect(withoutTimings(onPostgres.load)).toEqual(withoutTimings(onDuckDb.load));
    expect(onDuckDb.load.totals.rowsLoaded).toBeGreaterThan(10_000);
  });

  it('builds every model and runs every test on both engines', () => {
    expect(onDuckDb.run.success).toBe(true);
    expect(onPostgres.run.success).toBe(true);
    expect(onPostgres.run.counts).toEqual(onDuckDb.run.counts);
    expect(onDuckDb.run.counts.total).toBe(onDuckDb.plan.models.length + onDuckDb.plan.tests.length + countAuditPhases(onDuckDb));
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

/** Tests attached to a model run twice in a build: on the staged build and on the published one. */
function countAuditPhases(built: BuiltWarehouse): number {
  return built.run.results.filter((result) => result.resourceType === 'test').length - built.plan.tests.length;
}
