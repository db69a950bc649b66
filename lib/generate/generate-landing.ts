/**
 * Writes a sample CRM landing: every raw table of the contract, one change extract per ingest
 * day. A large landing is split in two halves of about equal work, one generated here and one in
 * a child process, so it uses two cores; each table is still written by exactly one process, and
 * both build the same population from the same options, so the files do not depend on the split.
 */
import type { DirtKind } from './dirt-kinds.ts';
import { DIRT_KINDS } from './dirt-kinds.ts';
import { runFamiliesInChildProcess } from './family-process.ts';
import { FAMILY_NAMES, runFamilies, tablesOf, type FamiliesResult, type FamilyName } from './family-runner.ts';
import type { GenerateOptions, GenerateSummary, TableSummary } from './generate-options.ts';
import { IngestCalendar } from './ingest-calendar.ts';
import { validateGenerateOptions } from './options-validation.ts';

/** Activities alone are nearly half the rows; with accounts and contacts they make one half. */
const HERE: readonly FamilyName[] = ['accounts', 'contacts', 'activities'];
const IN_CHILD: readonly FamilyName[] = ['users', 'products', 'deals', 'tickets', 'orders'];
/** Below this scale a second process costs more to start than it saves. */
const PARALLEL_FROM_SCALE = 0.25;

export async function generateLanding(options: GenerateOptions): Promise<GenerateSummary> {
  const settings = validateGenerateOptions(options);
  const startedAt = performance.now();
  const notify = options.onProgress ?? (() => undefined);
  const parallel = options.parallel ?? settings.scale >= PARALLEL_FROM_SCALE;

  let results: FamiliesResult[];
  if (parallel) {
    // Both halves run to their end before any failure is reported, so no file is still being written then.
    const settled = await Promise.allSettled([
      runFamilies(settings, HERE, notify),
      runFamiliesInChildProcess(settings, IN_CHILD, notify),
    ]);
    const failure = settled.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    results = settled.map((outcome) => (outcome as PromiseFulfilledResult<FamiliesResult>).value);
  } else {
    results = [await runFamilies(settings, FAMILY_NAMES, notify)];
  }

  const byTable = new Map(results.flatMap((result) => result.tables).map((table) => [table.table, table]));
  const tables: TableSummary[] = FAMILY_NAMES.flatMap((family) => tablesOf(family)).map(
    (table) => byTable.get(table) as TableSummary,
  );
  const dirt = DIRT_KINDS.map((kind: DirtKind) => ({
    kind,
    count: results.reduce((total, result) => total + result.dirt[kind], 0),
  }));
  return {
    outDir: settings.outDir,
    ingestDates: new IngestCalendar(settings.endDate, settings.days).ingestDates,
    tables,
    totalRows: tables.reduce((total, table) => total + table.rows, 0),
    dirt,
    seconds: (performance.now() - startedAt) / 1000,
  };
}

