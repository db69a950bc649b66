/**
 * Write-audit-publish for one model (DESIGN.md, "Runs, safety and history"): build it under its
 * staging relation, let the caller audit that, and only then put it in place in one
 * transaction, a swap for a full build or a delete+insert merge for an increment. Until that
 * transaction commits the published relation is untouched, so a failed build or a failed
 * audit leaves the warehouse exactly as readable as before.
 *
 * A view with tests is staged as a table: a snapshot of the rows the view returns. Its tests
 * then read stored rows instead of each re-running the view's query (a staging view's
 * deduplication window over the whole raw table), and their results describe exactly what the
 * view returned at build time. Publishing drops the snapshot and swaps the view in.
 *
 * The swap and the model's `grants:` are publish-swap.ts, the pipeline's Publish step's too: a
 * swapped-in relation is new and carries no privileges, so readers are granted again in the
 * publishing transaction.
 */
import type { Engine, RelationKind } from '../engines/engine.ts';
import { auditRelation, qualified } from '../plan/plan.ts';
import type { PlanModel, Relation } from '../plan/plan.ts';
import { errorMessage } from './error-message.ts';
import { grantSelectStatements } from './grant-statements.ts';
import { publishSwapStatements } from './publish-swap.ts';
import { incrementalMergeStatements } from './incremental-merge.ts';

export interface PublishOptions {
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
  readonly message?: string;
  /** Whether the build got as far as the audit (otherwise the audit never ran). */
  readonly audited: boolean;
}

/** How a model was staged, which decides how it is published. */
interface Staging {
  readonly staged: Relation;
  /** The published relation's kind before this build, if it exists. */
  readonly existing: RelationKind | undefined;
  /** An increment merged into the published table. */
  readonly merge: boolean;
  /** A view staged as a snapshot table. */
  readonly snapshot: boolean;
}

export async function publishModel(engine: Engine, model: PlanModel, options: PublishOptions): Promise<PublishOutcome> {
  const staged = auditRelation(model.relation);
  const kind: RelationKind = model.config.materialized === 'view' ? 'view' : 'table';
  const snapshot = kind === 'view' && options.snapshotView === true;
  let staging: Staging;
  try {
    await dropIfExists(engine, staged);
    const existing = await engine.relationKind(model.relation);
    const merge = model.config.materialized === 'incremental' && existing === 'table' && !options.fullRefresh;
    // A model without an is_incremental() block compiles to no incrementalSql: its increment is the full select.
    const select = merge ? (model.incrementalSql ?? model.sql) : model.sql;
    await engine.transaction(
      kind === 'view' && !snapshot ? engine.dialect.createView(staged, select) : engine.dialect.createTableAs(staged, select, model.config),
    );
    staging = { staged, existing, merge, snapshot };
  } catch (error) {
    return { status: 'error', rows: null, message: await withCleanup(engine, staged, errorMessage(error)), audited: false };
  }

  // Outside the try: an audit that throws is a broken run (say, audit rows cannot be written), not a bad model.
  const refusal = await options.audit();
  if (refusal !== undefined) {
    return { status: 'error', rows: null, message: await withCleanup(engine, staged, refusal), audited: true };
  }

  try {
    await engine.transaction(publishStatements(engine, model, staging));
    const rows = kind === 'view' ? null : await countRows(engine, model.relation);
    return { status: 'success', rows, audited: true };
  } catch (error) {
    return { status: 'error', rows: null, message: await withCleanup(engine, staged, errorMessage(error)), audited: true };
  }
}

function publishStatements(engine: Engine, model: PlanModel, staging: Staging): string[] {
  const { staged, existing } = staging;
  if (staging.merge) {
    return [
      ...incrementalMergeStatements(staged, model.relation, model.config.uniqueKey),
      engine.dialect.dropRelation(staged, 'table'),
      ...grantSelectStatements(engine.target, model.relation, model.config.grants),
    ];
  }
  if (staging.snapshot) {
    // The snapshot already ran the view's query, so creating the view cannot fail on it.
    return [engine.dialect.dropRelation(staged, 'table'), ...engine.dialect.createView(staged, model.sql), ...publishSwapStatements(engine.dialect, engine.target, model, staged, existing)];
  }
  return publishSwapStatements(engine.dialect, engine.target, model, staged, existing);
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
