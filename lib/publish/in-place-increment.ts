/**
 * The local engines' way to publish an increment without copying the published table
 * (docs/architecture.md, "Runs, safety and history"): in one transaction on one held connection
 * (lib/engines/held-transaction.ts) the increment `__inc` is merged into the published table itself
 * by the model's strategy (incremental-merge.ts), the post_hook runs on it, and the staged name
 * (`__wap`, what the contract check and the audit read) becomes a view of it; the transaction
 * commits, with the state row, only once the audit passed, and rolls back otherwise. Readers and a
 * refused or failed increment see the published table as it was, as with a staged copy, which cost
 * a copy of every published row per increment (fact_activities' 4.4 M rows a day at scale 10).
 *
 * The staged copy (staged-build.ts, mergedIncrementStatements) stays where this form cannot stand in
 * for it: on Redshift (the Data API holds no connection across calls) and when on_schema_change
 * alters the table's columns (a Postgres view on a dropped column would stop the alter). A refused
 * increment's rollback takes the rows its tests stored with it: the runner stores them again from a
 * staged copy of the refused build (lib/runner/model-publisher.ts), so only a refusal pays for one.
 */
import type { Dialect } from '../engines/engine.ts';
import { incrementRelation, qualified, type PlanModel, type TargetName } from '../plan/plan.ts';
import { grantSelectStatements } from './grant-statements.ts';
import { incrementalMergeStatements } from './incremental-merge.ts';
import { schemaChangePlan } from './incremental-schema-change.ts';
import { stagedRelation, type IncrementColumns } from './staged-build.ts';

/**
 * The statements that merge `__inc` into the published table, run the post_hook on it (its
 * `{{ this }}` is the published table, where the rows now are) and create the staged name as a view
 * of it; undefined when on_schema_change would alter the table's columns. Throws as
 * mergedIncrementStatements does when on_schema_change refuses the increment's columns.
 */
export function inPlaceMergeStatements(dialect: Dialect, model: PlanModel, columns: IncrementColumns): string[] | undefined {
  const { alters, mergeColumns } = schemaChangePlan(model, model.relation, columns.published, columns.increment);
  if (alters.length > 0) return undefined;
  return [
    ...incrementalMergeStatements(model, incrementRelation(model), model.relation, mergeColumns),
    ...(model.config.postHook ?? []),
    ...dialect.createView(stagedRelation(model), `select * from ${qualified(model.relation)}`),
  ];
}

/** Once the audit passed, in the same transaction: the staged view and `__inc` go, the grants are applied again. */
export function inPlacePublishStatements(dialect: Dialect, target: TargetName, model: PlanModel): string[] {
  return [
    dialect.dropRelation(stagedRelation(model), 'view'),
    dialect.dropRelation(incrementRelation(model), 'table'),
    ...grantSelectStatements(target, model.relation, model.config.grants),
  ];
}
