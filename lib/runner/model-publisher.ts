/**
 * Write-audit-publish for one model (DESIGN.md, "Runs, safety and history"): build it under its
 * staging relation, let the caller audit that, and only then put it in place in one
 * transaction, a swap for a full build or a delete+insert merge for an increment. Until that
 * transaction commits the published relation is untouched, so a failed build or a failed
 * audit leaves the warehouse exactly as readable as before.
 */
import type { Engine, RelationKind } from '../engines/engine.ts';
import { auditRelation, qualified } from '../plan/plan.ts';
import type { PlanModel, Relation } from '../plan/plan.ts';
import { errorMessage } from './error-message.ts';
import { incrementalMergeStatements } from './incremental-merge.ts';

export interface PublishOptions {
  readonly fullRefresh: boolean;
  /** Checks the staged build; resolves with why it must not be published, or undefined when it may be. */
  readonly audit: () => Promise<string | undefined>;
}

export interface PublishOutcome {
  readonly status: 'success' | 'error';
  /** Rows in the published table; null for views and when nothing was published. */
  readonly rows: number | null;
  readonly message?: string;
  /** Whether the build got as far as the audit (otherwise the audit never ran). */
  readonly audited: boolean;
}

export async function publishModel(engine: Engine, model: PlanModel, options: PublishOptions): Promise<PublishOutcome> {
  const staged = auditRelation(model.relation);
  const kind: RelationKind = model.config.materialized === 'view' ? 'view' : 'table';
  let existing: RelationKind | undefined;
  let merge: boolean;
  try {
    await dropIfExists(engine, staged);
    existing = await engine.relationKind(model.relation);
    merge = model.config.materialized === 'incremental' && existing === 'table' && !options.fullRefresh;
    // A model without an is_incremental() block compiles to no incrementalSql: its increment is the full select.
    const select = merge ? (model.incrementalSql ?? model.sql) : model.sql;
    await engine.transaction(
      kind === 'view' ? engine.dialect.createView(staged, select) : engine.dialect.createTableAs(staged, select, model.config),
    );
  } catch (error) {
    return { status: 'error', rows: null, message: await withCleanup(engine, staged, errorMessage(error)), audited: false };
  }

  // Outside the try: an audit that throws is a broken run (say, audit rows cannot be written), not a bad model.
  const refusal = await options.audit();
  if (refusal !== undefined) {
    return { status: 'error', rows: null, message: await withCleanup(engine, staged, refusal), audited: true };
  }

  try {
    await engine.transaction(
      merge
        ? [...incrementalMergeStatements(staged, model.relation, model.config.uniqueKey), engine.dialect.dropRelation(staged, 'table')]
        : engine.dialect.swap(staged, model.relation, kind, existing),
    );
    const rows = kind === 'view' ? null : await countRows(engine, model.relation);
    return { status: 'success', rows, audited: true };
  } catch (error) {
    return { status: 'error', rows: null, message: await withCleanup(engine, staged, errorMessage(error)), audited: true };
  }
}

async function countRows(engine: Engine, relation: Relation): Promise<number> {
  const [row] = await engine.query(`select count(*) as row_count from ${qualified(relation)}`);
  return Number(row?.row_count ?? 0);
}

async function dropIfExists(engine: Engine, relation: Relation): Promise<void> {
  const kind = await engine.relationKind(relation);
  if (kind) await engine.execute(engine.dialect.dropRelation(relation, kind));
}

/** Drops the staged relation; a failure to do so is added to the message (the next run drops it first anyway). */
async function withCleanup(engine: Engine, staged: Relation, message: string): Promise<string> {
  try {
    await dropIfExists(engine, staged);
    return message;
  } catch (error) {
    return `${message}\n(also failed to drop ${qualified(staged)}: ${errorMessage(error)})`;
  }
}
