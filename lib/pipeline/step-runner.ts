/**
 * One invocation of a step Lambda (the loop in pipeline-contract.ts): read the batch that just
 * finished, if any, let the step decide what comes next, and submit it, or report the step done.
 * Steps are written as StepPrograms: plain decisions over the plan, testable without AWS.
 */
import { INITIAL_WAIT_SECONDS, type PipelineStepName, type RunContext, type StepResponse } from './pipeline-contract.ts';
import { PIPELINE_METRICS, METRIC_DIMENSIONS } from './pipeline-metric-names.ts';
import { clientToken, type Batch, type DataApiBatches, type FinishedBatch } from './data-api-batches.ts';
import { StatementFailedError } from './pipeline-errors.ts';
import type { StepTelemetry } from './step-telemetry.ts';
import type { Row } from '../engines/engine.ts';

export type Memo = Readonly<Record<string, unknown>>;

export interface StepDecision {
  /** The next batch to run; none means the step is done. */
  readonly batch?: Batch;
  readonly memo: Memo;
  /** What the step adds to the run context, which its later invocations and the later steps receive. */
  readonly addToRun?: Pick<RunContext, 'catalog'>;
}

/** Reads the rows a statement of the finished batch returned (0-based index in the batch). */
export type RowReader = (index: number) => Promise<Row[]>;

export interface StepProgram {
  /**
   * `finished` is the batch this step submitted last (undefined on the step's first call);
   * `memo` is what the previous decision remembered.
   */
  advance(finished: FinishedBatch | undefined, memo: Memo, rows: RowReader): Promise<StepDecision>;
  /**
   * Called instead of `advance` when the batch this step submitted last failed (it rolled back):
   * the decision that goes on without it, or undefined to fail the step with the batch's error (or
   * it throws a clearer one). Without it, every failed batch fails the step.
   */
  recover?(failure: StatementFailedError, memo: Memo): StepDecision | undefined;
}

export interface StepInvocation {
  readonly step: PipelineStepName;
  readonly run: RunContext;
  readonly cursor: number;
  readonly statementId?: string;
  readonly memo?: Memo;
}

/** The label of the batch in flight, kept in the memo for the error message if it fails. */
const BATCH_LABEL = 'batchLabel';

export async function advanceStep(
  invocation: StepInvocation,
  program: StepProgram,
  batches: DataApiBatches,
  telemetry: StepTelemetry,
): Promise<StepResponse> {
  const { step, run, cursor } = invocation;
  const memo = invocation.memo ?? {};
  const { [BATCH_LABEL]: _previousLabel, ...kept } = memo;
  let finished: FinishedBatch | undefined;
  let recovered: StepDecision | undefined;
  if (invocation.statementId !== undefined) {
    const label = typeof memo[BATCH_LABEL] === 'string' ? memo[BATCH_LABEL] : undefined;
    try {
      finished = await batches.finished(invocation.statementId, label);
    } catch (error) {
      if (!(error instanceof StatementFailedError)) throw error;
      recovered = program.recover?.(error, kept);
      if (recovered === undefined) throw error;
    }
    if (finished !== undefined) {
      telemetry.metric(PIPELINE_METRICS.statementSeconds, 'Seconds', finished.seconds, { [METRIC_DIMENSIONS.step]: step });
      telemetry.info('batch finished', { step, label, statementId: finished.id, seconds: finished.seconds, statements: finished.subStatements.length });
    }
  }
  const rows: RowReader = async (index) => {
    if (finished === undefined) throw new Error(`${step} asked for rows before any batch finished`);
    return batches.rows(finished, index);
  };
  const decision = recovered ?? (await program.advance(finished, kept, rows));
  const next = decision.addToRun === undefined ? run : { ...run, ...decision.addToRun };
  if (decision.batch === undefined) {
    telemetry.info('step done', { step, runId: run.runId, batches: cursor });
    return { run: next, step: { cursor, done: true, waitSeconds: INITIAL_WAIT_SECONDS, memo: decision.memo } };
  }
  const statementId = await batches.submit(decision.batch, clientToken(run.executionArn, step, cursor));
  telemetry.info('batch submitted', { step, label: decision.batch.label, statementId, statements: decision.batch.sqls.length, cursor });
  return {
    run: next,
    step: {
      cursor: cursor + 1,
      statementId,
      done: false,
      waitSeconds: INITIAL_WAIT_SECONDS,
      memo: { ...decision.memo, [BATCH_LABEL]: decision.batch.label },
    },
  };
}
