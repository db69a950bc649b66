/**
 * What every engine does before a load (runLoad's `setUp`): the audit tables, audit.loaded_files
 * and any further statements (the raw schemas), then each source's raw table, one at a time:
 * concurrent DDL fails as catalog conflicts on DuckDB and as serialization conflicts on Redshift.
 */
import { auditTableStatements } from '../audit/audit-tables.ts';
import type { PlanSource } from '../plan/plan.ts';
import { loadedFilesTableStatements } from './loaded-files.ts';

export interface LandingSetup {
  /** Runs the audit statements (together, or one by one where the engine has no batch). */
  run(statements: readonly string[]): Promise<unknown>;
  /** Creates the raw table when missing (adding contract columns it lacks); true when it was new. */
  ensureRawTable(source: PlanSource): Promise<boolean>;
}

/** The ids of sources whose raw table is new. */
export async function setUpLanding(sources: readonly PlanSource[], setup: LandingSetup, extra: readonly string[] = []): Promise<Set<string>> {
  await setup.run([...auditTableStatements(), ...loadedFilesTableStatements(), ...extra]);
  const created = new Set<string>();
  for (const source of sources) if (await setup.ensureRawTable(source)) created.add(source.id);
  return created;
}
