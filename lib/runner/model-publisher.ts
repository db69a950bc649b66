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
 * What is staged and with which statements, and what publishing runs, are lib/publish/
 * (staged-build.ts, publish-statements.ts), the pipeline's too; this file runs them for one
 * model and cleans up after a failure.
 */
import type { Engine, RelationKind } from '../engines/engine.ts';
import { qualified } from '../plan/plan.ts';
import type { Plan, PlanModel, Relation } from '../plan/plan.ts';
import { decideBuild, incrementalStateInsert, incrementalStateQuery, needsRecordedState, planRunDate, recordedStates, type BuildDecision } from '../publish/incremental-state.ts';
import { enforceContract } from '../publish/contract-check.ts';
import { publishedColumns, publishedColumnsQuery } from '../publish/published-columns.ts';
import { publishStatements, type StagedModel } from '../publish/publish-statements.ts';
import { incrementRelation, incrementStatements, mergedIncrementStatements, stagedBuildStatements, stagedRelation } from '../publish/staged-build.ts';
import { errorMessage } from './error-message.ts';

export interface PublishOptions {
  /** The plan the model belongs to: an incremental model's state covers the raw tables upstream of it. */
  readonly plan: Plan;
  readonly runId: string;
  readonly fullRefresh: boolean;
  /** Views: stage a snapshot table for the audit to read (see above). @default false */
  readonly snapshotView?: boolean;
  /** Checks the staged build; resolves with why it must not be published, or undefined when it may be. */
  readonly audit: () => Promise<string | undefined>;
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
  try {
    await dropIfExists(engine, staged);
    const published = await engine.relationKind(model.relation);
    decision = await decide(engine, model, published, options);
    const { kind } = decision;
    const snapshot = kind === 'view' && options.snapshotView === true;
    if (kind === 'increment') await buildIncrement(engine, model);
    else await engine.transaction(stagedBuildStatements(engine.dialect, model, kind, { snapshotView: snapshot }));
    await enforceContract(engine, model, staged);
    staging = { published, snapshot };
  } catch (error) {
    return { status: 'error', rows: null, message: await withCleanup(engine, model, errorMessage(error)), audited: false };
  }

  // Outside the try: an audit that throws is a broken run (say, audit rows cannot be written), not a bad model.
  const refusal = await options.audit();
  if (refusal !== undefined) {
    return { status: 'error', rows: null, message: await withCleanup(engine, model, refusal), audited: true };
  }

  try {
    // The state row commits with the publish, so a run that fails before it records nothing.
    const state =
      model.config.materialized === 'incremental'
        ? [incrementalStateInsert(options.plan, model, engine.target, { runId: options.runId, runDate: planRunDate(options.plan), fullRefresh: decision.kind !== 'increment', recordedAt: new Date() })]
        : [];
    await engine.transaction([...publishStatements(engine.dialect, engine.target, model, staging), ...state]);
    const rows = model.config.materialized === 'view' ? null : await countRows(engine, model.relation);
    return { status: 'success', rows, message: decision.reason, audited: true };
  } catch (error) {
    return { status: 'error', rows: null, message: await withCleanup(engine, model, errorMessage(error)), audited: true };
  }
}

/** `__inc` first, then its columns decide how it is merged into the staged copy (lib/publish/staged-build.ts). */
async function buildIncrement(engine: Engine, model: PlanModel): Promise<void> {
  const increment = incrementRelation(model);
  await engine.transaction(incrementStatements(engine.dialect, model));
  const columns = publishedColumns(await engine.query(publishedColumnsQuery([model.relation, increment])));
  const merge = mergedIncrementStatements(
    engine.dialect,
    model,
    { published: columns[qualified(model.relation)] ?? [], increment: columns[qualified(increment)] ?? [] },
    // Redshift (the Data API endpoint stands in for it) keeps the pipeline's statements.
    { copyUnreplacedRows: engine.target !== 'redshift' },
  );
  await engine.transaction(merge);
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

async function dropIfExists(engine: Engine, relation: Relation): Promise<void> {
  const kind = await engine.relationKind(relation);
  if (kind) await engine.execute(engine.dialect.dropRelation(relation, kind));
}

/** Drops the staged relation (and an increment's `__inc`); a failure to do so is added to the message (the next run drops them first anyway). */
async function withCleanup(engine: Engine, model: PlanModel, message: string): Promise<string> {
  const staged = stagedRelation(model);
  try {
    await dropIfExists(engine, staged);
    await dropIfExists(engine, incrementRelation(model));
    return message;
  } catch (error) {
    return `${message}\n(also failed to drop ${qualified(staged)}: ${errorMessage(error)})`;
  }
}
