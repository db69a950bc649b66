/**
 * The tests of landed raw tables that read only the rows loaded after their last verdict
 * (PlanTest.landedAudit), and the verdicts a run records for them (lib/runner/increment-audit-state.ts).
 * The newest `_loaded_at` of each raw table is read before any of its tests runs: a row loaded while
 * they run is newer than the recorded `loaded_through`, so the next run reads it.
 */
import type { Engine } from '../engines/engine.ts';
import type { Plan, PlanTest } from '../plan/plan.ts';
import { latestVerdictsQuery, loadedThroughQuery, narrowedTests, testStateInsert, type RecordedVerdict } from './increment-audit-state.ts';
import type { TestCheck } from './test-check.ts';

export class LandedAudits {
  private readonly verdicts: RecordedVerdict[] = [];

  private constructor(
    /** The tests that read only the rows loaded after their last verdict. */
    readonly narrowed: ReadonlySet<string>,
    /** By source id: the newest `_loaded_at` before the tests ran; absent when it could not be read. */
    private readonly loadedThrough: ReadonlyMap<string, string | null>,
  ) {}

  /**
   * For the source tests about to run. When a raw table cannot be read (not loaded yet), nothing is
   * narrowed or recorded: its tests report their own errors.
   */
  static async prepare(engine: Engine, plan: Plan, tests: readonly PlanTest[]): Promise<LandedAudits> {
    const stateful = tests.filter((test) => test.landedAudit !== undefined);
    const sources = plan.sources.filter((source) => stateful.some((test) => test.attachedTo === source.id));
    if (sources.length === 0) return new LandedAudits(new Set(), new Map());
    try {
      const loaded = await engine.query(loadedThroughQuery(sources, engine.target));
      const verdicts = await engine.query(latestVerdictsQuery(stateful, engine.target));
      const loadedThrough = new Map(loaded.map((row) => [String(row.source_id), row.loaded_through === null ? null : String(row.loaded_through)]));
      // A verdict that judged no row (the table was empty) says nothing of the rows loaded since.
      const judged = verdicts.filter((row) => row.loaded_through !== null);
      return new LandedAudits(narrowedTests(stateful, judged), loadedThrough);
    } catch {
      return new LandedAudits(new Set(), new Map());
    }
  }

  /** The query a source test runs: over what was loaded since its last verdict, or over the whole table. */
  sqlOf(test: PlanTest): string {
    return this.narrowed.has(test.id) ? (test.landedAudit?.sql ?? test.sql) : test.sql;
  }

  /** Keeps a source test's verdict for `flush`; errors judge nothing, and a table not read records nothing. */
  keep(test: PlanTest, check: TestCheck): void {
    if (test.landedAudit === undefined || check.status === 'error' || !this.loadedThrough.has(test.attachedTo)) return;
    this.verdicts.push({ test, failures: check.failures, narrowed: this.narrowed.has(test.id), loadedThrough: this.loadedThrough.get(test.attachedTo) ?? null });
  }

  async flush(engine: Engine, runId: string): Promise<void> {
    for (const statement of testStateInsert(runId, this.verdicts.splice(0), new Date(), engine.target)) await engine.execute(statement);
  }
}
