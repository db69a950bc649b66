/**
 * Loads a local landing folder into the `raw` schema on Postgres through the one load
 * orchestration (lib/landing/load-orchestration.ts), so it finds, loads, rejects and skips exactly
 * what the DuckDB loader does on the same folder. Postgres's part: the raw tables, and each changed
 * day in its own transaction (day-loader.ts), oldest first, while the load holds the engine's only
 * session; a table's work tables live for the table's days.
 */
import { sqlString } from '../../sql/literals.ts';
import { findLandingDaysByTable, localFileDescription } from '../../landing/local-landing.ts';
import type { LandingFile } from '../../landing/local-landing.ts';
import { setUpLanding } from '../../landing/landing-setup.ts';
import { recordedDaysFrom, recordedDaysQuery } from '../../landing/loaded-files.ts';
import { runLoad } from '../../landing/load-orchestration.ts';
import type { DayOutcome, LandingEngine, TableLoader } from '../../landing/load-orchestration.ts';
import type { LoadOptions } from '../../landing/load-options.ts';
import type { LoadSummary } from '../../landing/load-summary.ts';
import { loadDay } from './day-loader.ts';
import { createWorkTablesStatements, dropWorkTablesStatements } from './load-work-tables.ts';
import type { PgliteEngine } from './pglite-engine.ts';
import type { PostgresSession } from './postgres-session.ts';
import { ensureRawTable } from './raw-tables.ts';

export async function loadLanding(engine: PgliteEngine, options: LoadOptions): Promise<LoadSummary> {
  return runLoad(postgresLanding(engine), options, () => findLandingDaysByTable(options));
}

function postgresLanding(engine: PgliteEngine): LandingEngine<LandingFile> {
  return {
    concurrency: 1,
    setUp: (sources) =>
      engine.exclusive((session) =>
        setUpLanding(sources, { run: (statements) => session.transaction([...statements]), ensureRawTable: (source) => ensureRawTable(session, source) }),
      ),
    withTableLoader: (work) => engine.exclusive((session) => work(tableLoader(session))),
    describe: localFileDescription,
  };
}

function tableLoader(session: PostgresSession): TableLoader<LandingFile> {
  return {
    recordedDays: async (table) => recordedDaysFrom(await session.query(recordedDaysQuery(table, sqlString))),
    async loadDays(source, days, run) {
      const context = { runId: run.runId, table: source.tableName, loadedAt: run.loadedAt };
      const loaded: DayOutcome[] = [];
      await session.transaction(createWorkTablesStatements(source.columns.map((column) => column.name)));
      try {
        for (const day of days) {
          const outcome = await loadDay(session, source, day, context, run.budget);
          if (outcome.failure) return { loaded, failure: outcome.failure };
          loaded.push(outcome);
        }
        return { loaded };
      } finally {
        // Temporary tables die with the session anyway; a failed drop must not hide the load's own error.
        await session.transaction(dropWorkTablesStatements()).catch(() => undefined);
      }
    },
  };
}
