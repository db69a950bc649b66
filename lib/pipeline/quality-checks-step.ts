/**
 * QualityChecks: every selected data test, run against what this run staged (the models' `__wap`
 * relations, and the freshly loaded raw tables), before anything is published. Each test is one
 * statement that counts its failing rows and appends the verdict to `audit.check_results`
 * (phase `audit`), so no row travels through the Lambda; then one query reads the verdicts back.
 * Any error-severity failure throws QualityChecksFailed: the state machine stops before Publish
 * and the published warehouse stays exactly as it was. Warn-severity failures are recorded,
 * counted in the metrics and logged, and the run goes on.
 *
 * A test whose SQL itself fails (a broken query) fails its batch and therefore the run, before
 * Publish, as a failing error check would.
 */
import { AUDIT_TABLES } from '../audit/audit-tables.ts';
import type { PlanTest } from '../plan/plan.ts';
import { sqlString } from '../sql/literals.ts';
import { auditCheckStatements } from '../publish/audit-checks.ts';
import type { FinishedBatch } from './data-api-batches.ts';
import { packGroups } from './batch-packing.ts';
import { QualityChecksFailedError } from './pipeline-errors.ts';
import { METRIC_DIMENSIONS, PIPELINE_METRICS } from './pipeline-metric-names.ts';
import type { RunPlan } from './run-plan.ts';
import { StagedRelations } from '../publish/staged-relations.ts';
import type { Memo, RowReader, StepDecision, StepProgram } from './step-runner.ts';
import type { StepTelemetry } from './step-telemetry.ts';

export interface QualityChecksOptions {
  readonly runPlan: RunPlan;
  readonly runId: string;
  /** When the run started: the `checked_at` written (the same on a retried batch). */
  readonly checkedAt: Date;
  readonly telemetry: StepTelemetry;
}

type ChecksMemo = {
  readonly phase: 'check' | 'verdicts';
  readonly batch: number;
}

export class QualityChecksStep implements StepProgram {
  private readonly tests: readonly PlanTest[];
  private readonly staged: StagedRelations;

  constructor(private readonly options: QualityChecksOptions) {
    const { plan, selection } = options.runPlan;
    const selectedTests = new Set(selection.tests);
    const selectedModels = new Set(selection.models);
    this.tests = plan.tests.filter((test) => selectedTests.has(test.id));
    this.staged = new StagedRelations(plan.models.filter((model) => selectedModels.has(model.id)).map((model) => model.relation));
  }

  async advance(finished: FinishedBatch | undefined, memo: Memo, rows: RowReader): Promise<StepDecision> {
    const batches = packGroups(this.tests.map((test) => ({ key: test.id, sqls: this.checkStatements(test) })));
    if (finished === undefined) {
      if (batches.length === 0) {
        this.options.telemetry.info('no selected tests');
        return { memo: {} };
      }
      return this.check(batches, 0);
    }
    const state = memo as unknown as ChecksMemo;
    if (state.phase === 'check') {
      if (state.batch + 1 < batches.length) return this.check(batches, state.batch + 1);
      return { batch: { label: 'read check verdicts', sqls: [this.verdictQuery()] }, memo: { phase: 'verdicts', batch: 0 } satisfies ChecksMemo };
    }
    return this.judge(await rows(0));
  }

  private check(batches: ReturnType<typeof packGroups<string>>, index: number): StepDecision {
    const batch = batches[index];
    if (batch === undefined) throw new Error(`no check batch ${index}`);
    return { batch: { label: `data checks ${index + 1}/${batches.length}`, sqls: batch.sqls }, memo: { phase: 'check', batch: index } satisfies ChecksMemo };
  }

  /** Storing the test's failures when it does (store_failures), then appending its verdict. */
  checkStatements(test: PlanTest): string[] {
    return auditCheckStatements(this.options, test, this.staged.rewrite(test.sql));
  }

  verdictQuery(): string {
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
