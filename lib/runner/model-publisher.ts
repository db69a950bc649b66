/**
 * Write-audit-publish for one model (docs/architecture.md, "Runs, safety and history"): build it
 * under its staging relation (an increment merged into a copy of the published table), let the
 * caller audit that, and only then swap it in, in one transaction. Until that
 * transaction commits the published relation is untouched, so a failed build or a failed
 * audit leaves the warehouse exactly as readable as before.
 *
 * A view with tests is staged as a table: a snapshot of the rows the view returns. Its tests
 * then read stored rows instead of each re-running the view's query (a staging view's
 * deduplication window over the whole raw table), and their results describe exactly what the
 * view returned at build time. Publishing drops the snapshot and swaps the view in.
 *
 * An increment on an engine that holds a connection (DuckDB, Postgres) is not staged as a copy:
 * it is merged into the published table, audited through a view under the staged name and
 * published, all in one transaction that a refusal or a failure rolls back
 * (lib/publish/in-place-increment.ts); the audit then runs on that transaction's Engine.
 *
 * What is staged and with which statements, and what publishing runs, are lib/publish/
 * (staged-build.ts, in-place-increment.ts, publish-statements.ts), the pipeline's too; this file
 * runs them for one model and cleans up after a failure.
 */
import type { Engine, RelationKind } from '../engines/engine.ts';
import { incrementRelation, qualified } from '../plan/plan.ts';
import type { Plan, PlanModel, Relation } from '../plan/plan.ts';
import { decideBuild, incrementalStateInsert, incrementalStateQuery, needsRecordedState, planRunDate, recordedStates, type BuildDecision } from '../publish/incremental-state.ts';
import { enforceContract } from '../publish/contract-check.ts';
import { inPlaceMergeStatements, inPlacePublishStatements } from '../publish/in-place-increment.ts';
import { publishedColumns, publishedColumnsQuery } from '../publish/published-columns.ts';
import { publishStatements, type StagedModel } from '../publish/publish-statements.ts';
import { incrementStatements, mergedIncrementStatements, stagedBuildStatements, stagedRelation, type IncrementColumns } from '../publish/staged-build.ts';
import { errorMessage } from './error-message.ts';

export interface PublishOptions {
  /** The plan the model belongs to: an incremental model's state covers the raw tables upstream of it. */
  readonly plan: Plan;
  readonly runId: string;
  readonly fullRefresh: boolean;
  /** Views: stage a snapshot table for the audit to read (see above). @default false */
  readonly snapshotView?: boolean;
  /**
   * Checks the staged build through `engine` (the held transaction of an increment merged in place,
   * else the engine publishModel was given): why it must not be published, if it must not, and what
   * the publishing transaction writes with it.
   */
  readonly audit: (engine: Engine, build: AuditedBuild) => Promise<AuditOutcome>;
  /**
   * Replaces the tables of the audit tests that store their failures with the failing rows of the
   * staged build; undefined when none does. An increment merged in place that is then refused
   * rolls back the rows its audit stored; they are stored again from a staged copy.
   */
  readonly storeAuditFailures?: (engine: Engine) => Promise<void>;
}

export interface AuditOutcome {
  /** Why the staged build must not be published; undefined when it may be. */
  readonly refusal: string | undefined;
  /** Statements that commit with the publish and only with it (the tests' verdicts, increment-audit-state.ts). */
  readonly publishWith: readonly string[];
}

export interface AuditedBuild {
  /** An increment merged into the published table, whose `__inc` says which rows it wrote (lib/project/increment-audit.ts). */
  readonly inPlaceIncrement: boolean;
}

export interface PublishOutcome {
  readonly status: 'success' | 'error';
  /** Rows in the published table; null for views and when nothing was published. */
  readonly rows: number | null;
  /** Why it failed; for an incremental model that succeeded, how it was built (incremental-state.ts). */
  readonly message?: string;
  /** Whether the build got as far as the audit (otherwise the audit never ran). */
  readonly audited: boolean;
}

export async function publishModel(engine: Engine, model: PlanModel, options: PublishOptions): Promise<PublishOutcome> {
  const staged = stagedRelation(model);
  let staging: StagedModel;
  let decision: BuildDecision;
  let inPlace: InPlaceIncrement | undefined;
  let builtRows: number | undefined;
  try {
    // One catalog query for both: a leftover staged relation to drop, and what is published now.
    const [leftover, published] = await engine.relationKinds([staged, model.relation]);
    if (leftover !== undefined) await engine.execute(engine.dialect.dropRelation(staged, leftover));
    decision = await decide(engine, model, published, options);
    const { kind } = decision;
    const snapshot = kind === 'view' && options.snapshotView === true;
    if (kind === 'increment') inPlace = await buildIncrement(engine, model);
    else builtRows = await buildStaged(engine, model, kind, snapshot);
    if (inPlace === undefined) await enforceContract(engine, model, staged);
    staging = { published, snapshot };
  } catch (error) {
    return { status: 'error', rows: null, message: await withCleanup(engine, model, errorMessage(error)), audited: false };
  }
  if (inPlace !== undefined) return publishInPlace(engine, model, options, decision, inPlace);

  // Outside the try: an audit that throws is a broken run (say, audit rows cannot be written), not a bad model.
  const { refusal, publishWith } = await options.audit(engine, { inPlaceIncrement: false });
  if (refusal !== undefined) {
    return { status: 'error', rows: null, message: await withCleanup(engine, model, refusal), audited: true };
  }

  try {
    // The state row commits with the publish, so a run that fails before it records nothing.
    await engine.transaction([...publishStatements(engine.dialect, engine.target, model, staging), ...stateStatements(engine, model, options, decision), ...publishWith]);
    const rows = model.config.materialized === 'view' ? null : (builtRows ?? (await countRows(engine, model.relation)));
    return { status: 'success', rows, message: decision.reason, audited: true };
  } catch (error) {
    return { status: 'error', rows: null, message: await withCleanup(engine, model, errorMessage(error)), audited: true };
  }
}

/**
 * A view or a full table under its staged name. Resolves with the table's rows when the engine
 * reported them for its CREATE TABLE AS (Engine.countedTransaction), the build's last statement
 * unless a post_hook runs after it, which may change them; otherwise with undefined, and the
 * published table is counted.
 */
async function buildStaged(engine: Engine, model: PlanModel, kind: 'view' | 'table', snapshotView: boolean): Promise<number | undefined> {
  const statements = stagedBuildStatements(engine.dialect, model, kind, { snapshotView });
  if (kind === 'table' && (model.config.postHook ?? []).length === 0 && engine.countedTransaction !== undefined) return engine.countedTransaction(statements);
  await engine.transaction(statements);
  return undefined;
}

/** An increment to merge into the published table in the held transaction of an engine that has one. */
interface InPlaceIncrement {
  readonly inTransaction: NonNullable<Engine['inTransaction']>;
  readonly merge: readonly string[];
  /** The published table's and `__inc`'s columns, to stage a copy of a refused increment (storeFailuresFromCopy). */
  readonly columns: IncrementColumns;
}

/**
 * `__inc` first, then its columns decide how it is merged: in place, returned for publishInPlace
 * (lib/publish/in-place-increment.ts), or into the staged copy, built here (lib/publish/staged-build.ts).
 */
async function buildIncrement(engine: Engine, model: PlanModel): Promise<InPlaceIncrement | undefined> {
  const increment = incrementRelation(model);
  await engine.transaction(incrementStatements(engine.dialect, model));
  const found = publishedColumns(await engine.query(publishedColumnsQuery([model.relation, increment])));
  const columns = { published: found[qualified(model.relation)] ?? [], increment: found[qualified(increment)] ?? [] };
  const inTransaction = engine.inTransaction?.bind(engine);
  if (inTransaction !== undefined) {
    const merge = inPlaceMergeStatements(engine.dialect, model, columns);
    if (merge !== undefined) return { inTransaction, merge, columns };
  }
  await engine.transaction(mergedIncrementStatements(engine.dialect, model, columns));
  return undefined;
}

/** Thrown inside the held transaction to roll it back when the audit refused the increment. */
class AuditRefusal extends Error {}

/**
 * Merge, contract check, audit and publish in one transaction: committed only when the audit
 * passed, so a refused or failed increment leaves the published table and its state as they were.
 */
async function publishInPlace(engine: Engine, model: PlanModel, options: PublishOptions, decision: BuildDecision, increment: InPlaceIncrement): Promise<PublishOutcome> {
  // Where the transaction got to (an object: a closure's assignments do not narrow a let).
  const progress: { step: 'build' | 'audit' | 'publish' } = { step: 'build' };
  try {
    await increment.inTransaction(async (held) => {
      await held.transaction(increment.merge);
      await enforceContract(held, model, model.relation);
      progress.step = 'audit';
      const { refusal, publishWith } = await options.audit(held, { inPlaceIncrement: true });
      if (refusal !== undefined) throw new AuditRefusal(refusal);
      progress.step = 'publish';
      await held.transaction([...inPlacePublishStatements(held.dialect, held.target, model), ...stateStatements(held, model, options, decision), ...publishWith]);
    });
  } catch (error) {
    // As on the staged path, an audit that throws is a broken run, not a bad model.
    if (progress.step === 'audit' && !(error instanceof AuditRefusal)) throw error;
    const audited = progress.step !== 'build';
    const message = audited ? await storeFailuresFromCopy(engine, model, options, increment, errorMessage(error)) : errorMessage(error);
    return { status: 'error', rows: null, message: await withCleanup(engine, model, message), audited };
  }
  return { status: 'success', rows: await countRows(engine, model.relation), message: decision.reason, audited: true };
}

/**
 * After an audited increment was rolled back: the increment merged into a staged copy, and the
 * failing rows of the tests that store them stored from it, as the staged path leaves them. Only a
 * refused or failed increment pays for the copy. A failure to do so is added to the message.
 */
async function storeFailuresFromCopy(engine: Engine, model: PlanModel, options: PublishOptions, increment: InPlaceIncrement, message: string): Promise<string> {
  if (options.storeAuditFailures === undefined) return message;
  try {
    await engine.transaction(mergedIncrementStatements(engine.dialect, model, increment.columns));
    await options.storeAuditFailures(engine);
    return message;
  } catch (error) {
    return `${message}\n(also failed to store the failing rows of its tests: ${errorMessage(error)})`;
  }
}

/** An incremental model's state row, which commits with its publish, so a run that fails before it records nothing. */
function stateStatements(engine: Engine, model: PlanModel, options: PublishOptions, decision: BuildDecision): string[] {
  if (model.config.materialized !== 'incremental') return [];
  return [incrementalStateInsert(options.plan, model, engine.target, { runId: options.runId, runDate: planRunDate(options.plan), fullRefresh: decision.kind !== 'increment', recordedAt: new Date() })];
}

async function decide(engine: Engine, model: PlanModel, published: RelationKind | undefined, options: PublishOptions): Promise<BuildDecision> {
  const states = needsRecordedState(model, published, options.fullRefresh)
    ? recordedStates(options.plan, await engine.query(incrementalStateQuery(options.plan, [model], engine.target)))
    : {};
  return decideBuild(model, { published, fullRefresh: options.fullRefresh, runDate: planRunDate(options.plan), state: states[model.id] });
}

async function countRows(engine: Engine, relation: Relation): Promise<number> {
  const [row] = await engine.query(`select count(*) as row_count from ${qualified(relation)}`);
  return Number(row?.row_count ?? 0);
}

/** Drops the staged relation (and an increment's `__inc`); a failure to do so is added to the message (the next run drops them first anyway). */
async function withCleanup(engine: Engine, model: PlanModel, message: string): Promise<string> {
  const staged = stagedRelation(model);
  const leftovers = [staged, incrementRelation(model)];
  try {
    const kinds = await engine.relationKinds(leftovers);
    for (const [index, relation] of leftovers.entries()) {
      const kind = kinds[index];
      if (kind !== undefined) await engine.execute(engine.dialect.dropRelation(relation, kind));
    }
    return message;
  } catch (error) {
    return `${message}\n(also failed to drop ${qualified(staged)}: ${errorMessage(error)})`;
  }
}
