/**
 * QualityChecks: every selected data test, run against what this run staged (the models' `__wap`
 * relations, and the freshly loaded raw tables), before anything is published. Each test's verdict
 * is appended to `audit.check_results` (phase `audit`) by SQL in the warehouse, so no row travels
 * through the Lambda; then one query, the last statement of the last batch, reads the verdicts back.
 * Any error-severity failure throws QualityChecksFailed: the state machine stops before Publish
 * and the published warehouse stays exactly as it was. Warn-severity failures are recorded,
 * counted in the metrics and logged, and the run goes on.
 *
 * The tests are batched as the local runner batches them (lib/runner/batched-tests.ts): the tests
 * whose aggregates read the same rows write their verdicts with one statement and one scan
 * (batched-verdicts.ts); the others run alone, one statement each (and three more for a test that
 * stores its failures). A screen (unique) that found failures writes no verdict in its batch, so
 * once the verdicts are read, those tests run alone and the verdicts are read again. A batch of
 * the Data API is one transaction: when a batched statement fails, its batch rolls back, and the
 * step runs every test of that batch alone instead (recover). A test whose own SQL fails (a broken
 * query) fails its batch and therefore the run, before Publish, as a failing error check would.
 *
 * A test of a landed raw table reads only the rows loaded since its last clean verdict, as in the
 * local runner (lib/runner/landed-audits.ts): a first batch reads the raw tables' newest `_loaded_at`
 * and the tests' latest verdicts, and the decision travels in the memo; the batch that reads the
 * verdicts back first records those tests' verdicts in `audit.test_state`. When that first batch
 * fails (no `audit.test_state` yet), every test reads its whole table and none is recorded.
 */
import { AUDIT_TABLES } from '../audit/audit-tables.ts';
import type { PlanTest } from '../plan/plan.ts';
import { sqlString } from '../sql/literals.ts';
import { auditCheckStatements } from '../publish/audit-checks.ts';
import { groupBatches, type TestBatch } from '../runner/batched-tests.ts';
import { RedshiftStatementError } from '../engines/redshift-data/statement-errors.ts';
import { packGroups, type PackedBatch } from './batch-packing.ts';
import type { FinishedBatch } from './data-api-batches.ts';
import { batchedVerdictInsert } from './batched-verdicts.ts';
import { QualityChecksFailedError, StatementFailedError } from './pipeline-errors.ts';
import { METRIC_DIMENSIONS, PIPELINE_METRICS } from './pipeline-metric-names.ts';
import type { RunPlan } from './run-plan.ts';
import { StagedRelations } from '../publish/staged-relations.ts';
import { testStateFromCheckResults } from '../runner/increment-audit-state.ts';
import { decideLanded, LandedAudits, landedReads, NOTHING_NARROWED, type LandedDecision, type LandedReads } from '../runner/landed-audits.ts';
import type { Memo, RowReader, StepDecision, StepProgram } from './step-runner.ts';
import type { StepTelemetry } from './step-telemetry.ts';

export interface QualityChecksOptions {
  readonly runPlan: RunPlan;
  readonly runId: string;
  /** When the run started: the `checked_at` written (the same on a retried batch). */
  readonly checkedAt: Date;
  readonly telemetry: StepTelemetry;
}

/**
 * What a batch of the step holds: a batch of tests counted together, a test alone, the record of the
 * landed tests' verdicts, or the read of the verdicts.
 */
type CheckUnit = { readonly kind: 'batch'; readonly batch: TestBatch } | { readonly kind: 'alone'; readonly test: PlanTest } | { readonly kind: 'record' } | { readonly kind: 'verdicts' };

/**
 * Which batch is in flight: the read of what landed (`landed`); `check` batch `batch` of the plan's;
 * its tests alone (`fallback`, part `part`) after it failed; or the screens that found failures
 * (`unscreened`, by test id) alone. After `landed`, every memo carries its decision.
 */
type ChecksMemo = (
  | { readonly phase: 'landed' }
  | { readonly phase: 'check'; readonly batch: number }
  | { readonly phase: 'fallback'; readonly batch: number; readonly part: number }
  | { readonly phase: 'unscreened'; readonly tests: readonly string[]; readonly part: number }
) & { readonly landed?: LandedDecision };

/** A phase that runs checks. */
type CheckState = Exclude<ChecksMemo, { readonly phase: 'landed' }>;

const VERDICTS: CheckUnit = { kind: 'verdicts' };
const RECORD: CheckUnit = { kind: 'record' };

/** The checks as one decision has them read: all derived from it, so kept with the decision they were laid out for. */
interface Layout {
  readonly decision: LandedDecision;
  readonly landed: LandedAudits;
  /** The tests counted together with others, which depends on what each reads. */
  readonly batched: ReadonlySet<string>;
  /** The tests counted together where possible, then the verdicts recorded and read, packed into Data API batches. */
  readonly checks: readonly PackedBatch<CheckUnit>[];
}

/** Batch `index` of a layout's checks. */
function checkBatch(checks: readonly PackedBatch<CheckUnit>[], index: number): PackedBatch<CheckUnit> {
  const batch = checks[index];
  if (batch === undefined) throw new Error(`QualityChecks has no check batch ${index + 1}`);
  return batch;
}

export class QualityChecksStep implements StepProgram {
  private readonly tests: readonly PlanTest[];
  private readonly staged: StagedRelations;
  /** The source tests that may read only what landed; undefined when there are none. */
  private readonly landedReads: LandedReads | undefined;
  /** The layout of the last decision asked for (a memo's decision is a new object at each invocation). */
  private laidOut: Layout | undefined;

  constructor(private readonly options: QualityChecksOptions) {
    const { plan, selection } = options.runPlan;
    const selectedTests = new Set(selection.tests);
    const selectedModels = new Set(selection.models);
    this.tests = plan.tests.filter((test) => selectedTests.has(test.id));
    this.staged = new StagedRelations(plan.models.filter((model) => selectedModels.has(model.id)).map((model) => model.relation));
    this.landedReads = landedReads(plan, this.tests, 'redshift');
  }

  async advance(finished: FinishedBatch | undefined, memo: Memo, rows: RowReader): Promise<StepDecision> {
    if (finished === undefined) {
      if (this.tests.length === 0) {
        this.options.telemetry.info('no selected tests');
        return { memo: {} };
      }
      if (this.landedReads !== undefined) return { batch: { label: 'data checks: what landed since their last verdicts', sqls: this.landedReads.queries }, memo: { phase: 'landed' } };
      return this.submit({ phase: 'check', batch: 0, landed: NOTHING_NARROWED });
    }
    const read = memo as unknown as ChecksMemo;
    if (read.phase === 'landed') {
      if (this.landedReads === undefined) throw new Error('QualityChecks read what landed for no source test');
      const decision = decideLanded(this.landedReads, await rows(0), await rows(1));
      this.options.telemetry.info('source tests read what landed since their last verdict', { narrowed: Object.keys(decision.narrowed).length, of: this.landedReads.tests.length });
      return this.submit({ phase: 'check', batch: 0, landed: decision });
    }
    const state: CheckState = read;
    const verdicts = this.batchOf(state).groups.find((group) => group.key.kind === 'verdicts');
    if (verdicts === undefined) return this.submit(this.following(state));
    const verdictRows = await rows(verdicts.start);
    if (state.phase !== 'unscreened') {
      const judged = new Set(verdictRows.map((row) => String(row.test_id)));
      const unscreened = [...this.layoutOf(state).batched].filter((id) => !judged.has(id));
      if (unscreened.length > 0) return this.submit({ phase: 'unscreened', tests: unscreened, part: 0, landed: state.landed });
    }
    return this.judge(verdictRows);
  }

  /**
   * A failed batch rolled back whole. When a batched statement of a check batch failed (or Redshift
   * did not say which), every test of that batch runs alone instead, so each records its own
   * verdict or fails on its own. A test that fails alone fails the run, as without batching,
   * named with its file. A cancelled batch (ABORTED, no statement failed) stops the run.
   */
  recover(failure: StatementFailedError, memo: Memo): StepDecision | undefined {
    if (!(failure.cause instanceof RedshiftStatementError)) return undefined;
    const read = memo as unknown as ChecksMemo;
    if (read.phase === 'landed') {
      this.options.telemetry.warn('could not read what landed since the source tests\' last verdicts; they read their whole tables', { error: failure.message });
      return this.submit({ phase: 'check', batch: 0, landed: NOTHING_NARROWED });
    }
    const state: CheckState = read;
    const { groups } = this.batchOf(state);
    const index = failure.cause.position?.index;
    const failed = index === undefined ? groups : groups.filter((group) => index >= group.start && index < group.start + group.count);
    if (state.phase === 'check' && failed.some((group) => group.key.kind === 'batch')) {
      this.options.telemetry.warn('a batch of data checks failed; its tests run alone', { batch: state.batch + 1, error: failure.message });
      return this.submit({ phase: 'fallback', batch: state.batch, part: 0, landed: state.landed });
    }
    const [unit] = failed;
    if (index !== undefined && unit?.key.kind === 'alone') {
      const { test } = unit.key;
      throw new StatementFailedError(`data check ${test.name} (${test.path}) could not run: ${failure.message}`, { cause: failure });
    }
    return undefined;
  }

  private layoutOf(state: CheckState): Layout {
    const decision = state.landed ?? NOTHING_NARROWED;
    if (this.laidOut?.decision !== decision) this.laidOut = this.layOut(decision);
    return this.laidOut;
  }

  /**
   * The checks as `decision` has them read (tests that read only what landed count their own rows,
   * so they batch apart), then the record of the landed tests' verdicts and the read of them all.
   */
  private layOut(decision: LandedDecision): Layout {
    const landed = new LandedAudits(decision, this.landedReads?.tests ?? [], 'redshift');
    const narrowed = landed.narrowed;
    // The tests read what this run staged, so their aggregates read the staged rows, as the tests' own queries do.
    const batches = groupBatches(
      this.tests.map((test) => ({ test })),
      (aggregate, test) => {
        const landed = narrowed.get(test.id);
        return landed === undefined ? this.staged.rewrite(aggregate.from) : landed.aggregateFrom;
      },
    );
    const batchOf = new Map(batches.flatMap((batch) => batch.tests.map((test) => [test.id, batch] as const)));
    const units: CheckUnit[] = [];
    for (const test of this.tests) {
      const batch = batchOf.get(test.id);
      if (batch === undefined) units.push({ kind: 'alone', test });
      else if (batch.tests[0] === test) units.push({ kind: 'batch', batch });
    }
    return { decision, landed, batched: new Set(batchOf.keys()), checks: this.pack(landed, [...units, ...this.closing()]) };
  }

  /** What ends every phase: the landed tests' verdicts recorded (when there are such tests), then all verdicts read. */
  private closing(): CheckUnit[] {
    return this.landedReads === undefined ? [VERDICTS] : [RECORD, VERDICTS];
  }

  /** The batches of this phase, the one in flight among them. */
  private sequence(state: CheckState): readonly PackedBatch<CheckUnit>[] {
    const { landed, checks } = this.layoutOf(state);
    switch (state.phase) {
      case 'check':
        return checks;
      case 'fallback':
        return this.pack(landed, checkBatch(checks, state.batch).groups.flatMap(({ key }) => (key.kind === 'batch' ? key.batch.tests.map((test): CheckUnit => ({ kind: 'alone', test })) : [key])));
      case 'unscreened': {
        const ids = new Set(state.tests);
        return this.pack(landed, [...this.tests.filter((test) => ids.has(test.id)).map((test): CheckUnit => ({ kind: 'alone', test })), ...this.closing()]);
      }
    }
  }

  private position(state: CheckState): number {
    return state.phase === 'check' ? state.batch : state.part;
  }

  private batchOf(state: CheckState, sequence = this.sequence(state)): PackedBatch<CheckUnit> {
    const batch = sequence[this.position(state)];
    if (batch === undefined) throw new Error(`QualityChecks has no ${state.phase} batch ${this.position(state) + 1}`);
    return batch;
  }

  /** The batch after a finished one that did not read the verdicts (the last batch of every phase reads them). */
  private following(state: CheckState): CheckState {
    if (state.phase === 'check') return { ...state, batch: state.batch + 1 };
    if (state.part + 1 < this.sequence(state).length) return { ...state, part: state.part + 1 };
    if (state.phase === 'fallback') return { phase: 'check', batch: state.batch + 1, landed: state.landed };
    throw new Error('QualityChecks ran the unscreened tests without reading their verdicts');
  }

  private submit(state: CheckState): StepDecision {
    // A fallback's or unscreened phase's batches are packed on demand: once here.
    const sequence = this.sequence(state);
    const parts = `${this.position(state) + 1}/${sequence.length}`;
    const label =
      state.phase === 'check'
        ? `data checks ${parts}`
        : state.phase === 'fallback'
          ? `data checks ${state.batch + 1}/${this.layoutOf(state).checks.length}, each test alone ${parts}`
          : `data checks whose screen found failures, alone ${parts}`;
    return { batch: { label, sqls: this.batchOf(state, sequence).sqls }, memo: state };
  }

  private pack(landed: LandedAudits, units: readonly CheckUnit[]): PackedBatch<CheckUnit>[] {
    return packGroups(units.map((unit) => ({ key: unit, sqls: this.statements(landed, unit) })));
  }

  private statements(landed: LandedAudits, unit: CheckUnit): string[] {
    switch (unit.kind) {
      case 'batch':
        return [batchedVerdictInsert(this.options, unit.batch)];
      case 'alone':
        // Storing the test's failures when it does (store_failures), then appending its verdict.
        return auditCheckStatements(this.options, unit.test, this.staged.rewrite(landed.sqlOf(unit.test)));
      case 'record': {
        const recorded = (this.landedReads?.tests ?? []).filter((test) => landed.records(test));
        return testStateFromCheckResults(this.options.runId, recorded.map((test) => landed.recordOf(test)), this.options.checkedAt, 'redshift');
      }
      case 'verdicts':
        return [this.verdictQuery()];
    }
  }

  private verdictQuery(): string {
    return `select test_id, test_name, severity, status, failures
  from ${AUDIT_TABLES.checkResults}
 where run_id = ${sqlString(this.options.runId)} and phase = 'audit'
 order by test_name`;
  }

  private judge(verdicts: readonly Record<string, unknown>[]): StepDecision {
    const { telemetry } = this.options;
    const failedErrors = verdicts.filter((row) => row.status === 'fail');
    const warned = verdicts.filter((row) => row.status === 'warn');
    telemetry.metric(PIPELINE_METRICS.checkFailures, 'Count', failedErrors.length, { [METRIC_DIMENSIONS.severity]: 'error' });
    telemetry.metric(PIPELINE_METRICS.checkFailures, 'Count', warned.length, { [METRIC_DIMENSIONS.severity]: 'warn' });
    for (const row of warned) telemetry.warn('data check warned', { test: row.test_name, failures: row.failures });
    if (verdicts.length < this.tests.length) {
      throw new Error(`expected ${this.tests.length} check verdicts for run ${this.options.runId}, found ${verdicts.length} in ${AUDIT_TABLES.checkResults}`);
    }
    if (failedErrors.length > 0) {
      throw new QualityChecksFailedError(failedErrors.map((row) => `${String(row.test_name)} (${String(row.failures)} failing rows)`));
    }
    telemetry.info('data checks passed', { tests: verdicts.length, warned: warned.length });
    return { memo: {} };
  }
}
