/**
 * Loads a local landing folder into the `raw` schema with DuckDB's native CSV reader, through the
 * one load orchestration (lib/landing/load-orchestration.ts). DuckDB's part: the raw tables, and
 * each table's changed days read and replaced together (days-loader.ts), one pooled connection
 * per table so that tables load side by side.
 */
import type { PlanSource } from '../../plan/plan.ts';
import { sqlString } from '../../sql/literals.ts';
import { findLandingDaysByTable } from '../../landing/local-landing.ts';
import type { LandingFile } from '../../landing/local-landing.ts';
import { setUpLanding } from '../../landing/landing-setup.ts';
import { recordedDaysFrom, recordedDaysQuery } from '../../landing/loaded-files.ts';
import { runLoad } from '../../landing/load-orchestration.ts';
import type { LandingEngine, TableLoader } from '../../landing/load-orchestration.ts';
import type { LoadOptions } from '../../landing/load-options.ts';
import type { LoadSummary } from '../../landing/load-summary.ts';
import { localFileDescription } from '../../landing/local-landing.ts';
import { loadDays } from './days-loader.ts';
import type { DuckDbConnection } from './duckdb-connection.ts';
import type { DuckDbEngine } from './duckdb-engine.ts';
import { RawTables } from './raw-tables.ts';

export async function loadLanding(engine: DuckDbEngine, options: LoadOptions): Promise<LoadSummary> {
  return runLoad(duckDbLanding(engine), options, () => findLandingDaysByTable(options));
}

/** One load's engine part; it remembers which raw tables its setUp created, for their loaders. */
function duckDbLanding(engine: DuckDbEngine): LandingEngine<LandingFile> {
  let created: ReadonlySet<string> = new Set();
  return {
    concurrency: engine.concurrency,
    setUp: (sources) =>
      engine.withConnection(async (connection) => {
        const tables = new RawTables(connection, sources);
        created = await setUpLanding(sources, { run: (statements) => connection.transaction([...statements]), ensureRawTable: (source) => tables.ensure(source) });
        return created;
      }),
    withTableLoader: (work) =>
      engine.withConnection((connection) => work(tableLoader(connection, (source) => created.has(source.id)))),
    describe: localFileDescription,
  };
}

function tableLoader(connection: DuckDbConnection, isNew: (source: PlanSource) => boolean): TableLoader<LandingFile> {
  return {
    recordedDays: async (table) => recordedDaysFrom(await connection.query(recordedDaysQuery(table, sqlString))),
    loadDays: (source: PlanSource, days, run) =>
      loadDays(connection, source, days, { runId: run.runId, table: source.tableName, loadedAt: run.loadedAt }, run.budget, { isNew: isNew(source) }),
  };
}
