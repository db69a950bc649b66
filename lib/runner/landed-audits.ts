/**
 * The tests of landed raw tables that read only the rows loaded after their last verdict
 * (PlanTest.landedAudit), and the verdicts a run records for them (lib/runner/increment-audit-state.ts).
 * The newest `_loaded_at` of each raw table is read before any of its tests runs: a row loaded while
 * they run is newer than the recorded `loaded_through`, so the next run reads it. The local runner
 * reads and records with its engine; the pipeline's QualityChecks reads the same two queries in a
 * batch of its own and records from `audit.check_results` (testStateFromCheckResults).
 */
import type { Engine, Row } from '../engines/engine.ts';
import type { IncrementAudit, Plan, PlanSource, PlanTest, TargetName } from '../plan/plan.ts';
import { landedAuditAfter } from '../project/increment-audit.ts';
import { latestVerdictsQuery, loadedThroughQuery, narrowedTests, testStateInsert, type RecordedVerdict } from './increment-audit-state.ts';
import { errorMessage } from './error-message.ts';
import type { TestCheck } from './test-check.ts';

/** What a run decided before its source tests ran; plain data, so the pipeline keeps it between batches. */
export interface LandedDecision {
  /** By test id, the tests that read only the rows loaded after their last verdict: its `loaded_through`. */
  readonly narrowed: Readonly<Record<string, string>>;
  /** By source id: the newest `_loaded_at` before the tests ran (null: the table was empty); a source not read is absent. */
  readonly loadedThrough: Readonly<Record<string, string | null>>;
}

/** The source tests that can read only what landed, and the raw tables they test. */
export interface LandedReads {
  readonly tests: readonly PlanTest[];
  readonly sources: readonly PlanSource[];
  /** The newest `_loaded_at` of each source, then each test's latest verdict: the rows `decide` takes, in this order. */
  readonly queries: readonly [string, string];
}

export const NOTHING_NARROWED: LandedDecision = { narrowed: {}, loadedThrough: {} };

/** What to read before `tests` run; undefined when none of them can read only what landed. */
export function landedReads(plan: Plan, tests: readonly PlanTest[], target: TargetName): LandedReads | undefined {
  const stateful = tests.filter((test) => test.landedAudit !== undefined);
  const sources = plan.sources.filter((source) => stateful.some((test) => test.attachedTo === source.id));
  if (sources.length === 0) return undefined;
  return { tests: stateful, sources, queries: [loadedThroughQuery(sources, target), latestVerdictsQuery(stateful, target)] };
}

/** The decision from the rows of `reads.queries`. */
export function decideLanded(reads: LandedReads, loaded: readonly Row[], verdicts: readonly Row[]): LandedDecision {
  // A verdict that judged no row (the table was empty) says nothing of the rows loaded since.
  const judged = verdicts.filter((row) => row.loaded_through !== null && row.loaded_through !== undefined);
  const narrowed = narrowedTests(reads.tests, judged);
  return {
    narrowed: Object.fromEntries(judged.filter((row) => narrowed.has(String(row.test_id))).map((row) => [String(row.test_id), String(row.loaded_through)])),
    loadedThrough: Object.fromEntries(loaded.map((row) => [String(row.source_id), row.loaded_through === null ? null : String(row.loaded_through)])),
  };
}

export class LandedAudits {
  private readonly verdicts: RecordedVerdict[] = [];
  /** By test id, what the tests that read only the rows loaded after their last verdict read. */
  readonly narrowed: ReadonlyMap<string, IncrementAudit>;

  constructor(
    private readonly decision: LandedDecision,
    tests: readonly PlanTest[],
    target: TargetName,
  ) {
    this.narrowed = new Map(
      tests.flatMap((test) => {
        const loadedThrough = decision.narrowed[test.id];
        return test.landedAudit === undefined || loadedThrough === undefined ? [] : [[test.id, landedAuditAfter(test.landedAudit, loadedThrough, target)] as const];
      }),
    );
  }

  /**
   * For the source tests about to run. When what landed or the last verdicts cannot be read, nothing
   * is narrowed or recorded: the tests read their whole tables. A raw table not loaded yet is left to
   * its tests to report; any other failure is a warning, as the run then costs more than it should.
   */
  static async prepare(engine: Engine, plan: Plan, tests: readonly PlanTest[]): Promise<LandedAudits> {
    const reads = landedReads(plan, tests, engine.target);
    if (reads === undefined) return new LandedAudits(NOTHING_NARROWED, [], engine.target);
    try {
      const [loaded, verdicts] = [await engine.query(reads.queries[0]), await engine.query(reads.queries[1])];
      return new LandedAudits(decideLanded(reads, loaded, verdicts), reads.tests, engine.target);
    } catch (error) {
      const kinds = await engine.relationKinds(reads.sources.map((source) => source.relation)).catch(() => []);
      if (kinds.length === reads.sources.length && kinds.every((kind) => kind !== undefined)) {
        engine.onWarning?.(`the source tests read their whole tables and record no verdict: what landed since their last verdicts could not be read: ${errorMessage(error)}`);
      }
      return new LandedAudits(NOTHING_NARROWED, [], engine.target);
    }
  }

  /** The query a source test runs: over what was loaded since its last verdict, or over the whole table. */
  sqlOf(test: PlanTest): string {
    return this.narrowed.get(test.id)?.sql ?? test.sql;
  }

  /** Whether a verdict of `test` is to be recorded: it can read only what landed, and its table was read. */
  records(test: PlanTest): boolean {
    return test.landedAudit !== undefined && test.attachedTo in this.decision.loadedThrough;
  }

  /** What a recorded verdict of `test` holds besides its failures. */
  recordOf(test: PlanTest): Omit<RecordedVerdict, 'failures'> {
    return { test, narrowed: this.narrowed.has(test.id), loadedThrough: this.decision.loadedThrough[test.attachedTo] ?? null };
  }

  /** Keeps a source test's verdict for `flush`; errors judge nothing, and a table not read records nothing. */
  keep(test: PlanTest, check: TestCheck): void {
    if (!this.records(test) || check.status === 'error') return;
    this.verdicts.push({ ...this.recordOf(test), failures: check.failures });
  }

  async flush(engine: Engine, runId: string): Promise<void> {
    for (const statement of testStateInsert(runId, this.verdicts.splice(0), new Date(), engine.target)) await engine.execute(statement);
  }
}
