/**
 * What the state machine, the step Lambdas and the ops CLI agree on: the step names in order,
 * the execution input, and the small JSON document passed from state to state.
 *
 * Every step is a loop run by the state machine (docs/architecture.md, "Orchestration"):
 *
 *   <step> (reset cursor) → <step> submit (Lambda) → done? ─yes→ next step
 *                               ↑                     │no
 *                               │                     ↓
 *                               │      wait → describe (DescribeStatement) → running? ─yes→ backoff ─┐
 *                               └────────────────────────────────────────────────────no                │
 *                                                         ↑                                           │
 *                                                         └──────────── wait ←────────────────────────┘
 *
 * The Lambda submits one batch (a BatchExecuteStatement, one transaction) per call and returns at
 * once; the state machine waits, with doubling waits up to a cap, until the batch is no longer
 * running, then calls the Lambda again with the same cursor's statement id. The Lambda reads the
 * finished batch (its results, its error) and submits the next one, or says it is done. No Lambda
 * ever sleeps, and a step of any length fits in the 15-minute Lambda limit.
 *
 * Two steps are the exception: SourceFreshness and Scoring call engine-neutral library functions
 * (lib/freshness, lib/scoring) that take an Engine, so their Lambda runs them on the Redshift Data
 * API engine, waiting on its own statements, and reports done in its first invocation. Freshness is
 * a handful of one-row queries; Scoring reads the labelled snapshots, fits in memory and writes once,
 * and must end within the Lambda's 15 minutes (README, "The daily steps").
 */
import type { IncrementalCatalog } from './incremental-catalog.ts';

/**
 * The steps before the layer steps: the run's start, the raw load, and the source freshness check
 * (reported, never failing the run: dbt's `source freshness` is a report, and the build goes on).
 */
export const LEADING_STEPS = ['Bootstrap', 'LoadRawDay', 'SourceFreshness'] as const;
/**
 * The steps after the layer steps: the data tests, the churn and upsell scoring of the run's staged
 * features (lib/pipeline/scoring-pipeline-step.ts), then publishing.
 */
export const TRAILING_STEPS = ['QualityChecks', 'Scoring', 'Publish'] as const;

/** A step's name: one of the fixed steps or a layer step (`layerStepName`). */
export type PipelineStepName = string;

/**
 * The step that builds a layer, named after it in PascalCase (`staging` → `Staging`,
 * `int_metrics` → `IntMetrics`): state names and the CDK construct ids derive from it.
 */
export function layerStepName(layer: string): PipelineStepName {
  return layer
    .split('_')
    .filter((part) => part !== '')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');
}

/** Every step in run order, one build step per layer of the plan, in the plan's layer order. */
export function pipelineSteps(layers: readonly string[]): PipelineStepName[] {
  const steps = [...LEADING_STEPS, ...layers.map(layerStepName), ...TRAILING_STEPS];
  const clash = steps.find((step, index) => steps.indexOf(step) !== index);
  if (clash !== undefined) throw new Error(`two pipeline steps would be named '${clash}': rename the layer whose step name is '${clash}'`);
  return steps;
}

/** What an execution is started with (`aws stepfunctions start-execution --input`, the ops CLI, the schedule). */
export interface ExecutionInput {
  /** The business date to build, `YYYY-MM-DD`. @default - the scheduled date, else today, in the schedule's time zone */
  readonly run_date?: string;
  /** Rebuild incremental models from scratch and reload every landed day up to the run date. @default false */
  readonly full_refresh?: boolean;
  /** dbt selectors (`tag:fact`, `+fact_deals`); several as a list or one space-separated string. @default - everything */
  readonly select?: string | readonly string[];
  /** Set by EventBridge Scheduler: when the run was scheduled for (ISO 8601). */
  readonly scheduled_time?: string;
}

/** The run, as Bootstrap established it; every later step receives it unchanged but for `catalog` and `scoresStaged`. */
export interface RunContext {
  /** The execution name: unique per state machine, and what `audit.*` rows are keyed by. */
  readonly runId: string;
  readonly executionArn: string;
  /** When the execution started (ISO 8601): the timestamp the run writes, so retried batches repeat the same SQL. */
  readonly startedAt: string;
  readonly runDate: string;
  readonly fullRefresh: boolean;
  readonly select: readonly string[];
  /**
   * sha256 of the plan Bootstrap compiled. Every later step compiles the same plan again from the
   * bundled project and this run date and checks it against this (lib/pipeline/run-plan.ts).
   */
  readonly planChecksum: string;
  /**
   * Set by the Scoring step when it staged the run's scores (`mart_account_scores__wap`,
   * `model_coefficients__wap`), which Publish then swaps in with the models. Absent: nothing to swap
   * (the run builds no features, or the history is too short to fit).
   */
  readonly scoresStaged?: boolean;
  /**
   * Set by the first layer step that builds an incremental model: which of the incremental models of
   * its layer and the later ones are published, their columns and their recorded builds, which hold
   * until Publish (lib/pipeline/incremental-catalog.ts). The later layer steps read it here instead
   * of asking the warehouse again.
   */
  readonly catalog?: IncrementalCatalog;
}

/** Where a step's loop stands. */
export interface StepCursor {
  /** Which batch the step is at; 0 before its first submit. */
  readonly cursor: number;
  /** The batch submitted at `cursor - 1`, while it runs and right after. */
  readonly statementId?: string;
  readonly done: boolean;
  /** Seconds before the next DescribeStatement; doubled by the state machine up to MAX_WAIT_SECONDS. */
  readonly waitSeconds: number;
  /** What the step remembers between its invocations (small JSON: phase, query ids, counts). */
  readonly memo: Readonly<Record<string, unknown>>;
}

/** The execution facts a step Lambda is given (from the state machine's context object). */
export interface ExecutionFacts {
  readonly id: string;
  readonly name: string;
  readonly startTime: string;
  readonly input: ExecutionInput;
}

/** The payload of every step Lambda invocation. `run` is `{}` until Bootstrap returns it. */
export interface StepRequest {
  readonly run: RunContext | Record<string, never>;
  readonly step: Pick<StepCursor, 'cursor'> & Partial<StepCursor>;
  readonly execution: ExecutionFacts;
}

export interface StepResponse {
  readonly run: RunContext;
  readonly step: StepCursor;
}

export const INITIAL_WAIT_SECONDS = 2;
export const MAX_WAIT_SECONDS = 60;

/** Redshift Data API statement states that mean "still running": keep polling. */
export const RUNNING_STATEMENT_STATES = ['SUBMITTED', 'PICKED', 'STARTED'] as const;

/**
 * Error names the step Lambdas throw; the state machine retries the first two with backoff and
 * routes everything to the failure notification.
 */
export const PIPELINE_ERRORS = {
  /** The Data API (or S3, Step Functions) said slow down. */
  throttled: 'PipelineThrottled',
  /** A network blip or a 5xx from a service: worth another try. */
  transient: 'PipelineTransient',
  /** Another execution of this state machine is running. */
  runInProgress: 'RunAlreadyInProgress',
  /** A submitted batch failed or was aborted. */
  statementFailed: 'StatementFailed',
  /** An error-severity data test failed; nothing was published. */
  qualityChecksFailed: 'QualityChecksFailed',
  /** The execution input is malformed. */
  invalidInput: 'InvalidRunInput',
  /** The raw load rejected more rows than the error budget allows. */
  loadBudgetExceeded: 'LoadBudgetExceeded',
  /** The pipeline was redeployed during the run: later steps compile a different plan. */
  planChanged: 'PlanChanged',
} as const;

/** The SNS message published when a run fails. */
export interface FailureNotice {
  readonly runId: string;
  readonly executionArn: string;
  readonly step: PipelineStepName;
  readonly error: string;
  readonly cause: string;
}
