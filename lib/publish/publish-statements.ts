/**
 * What puts one audited staged model in place, as one transaction, when models are published
 * one at a time as soon as their audit passed (the local runner): a swap for a full build
 * (publish-swap.ts), a delete+insert merge of the increment into the published table for an
 * increment, and for a view staged as a snapshot table, the view itself created under the staged
 * name and swapped in. The pipeline publishes the whole run at once instead, so it swaps each
 * staged table, increments included (merged at build time into a copy of the published table).
 */
import type { Dialect, RelationKind } from '../engines/engine.ts';
import type { PlanModel, TargetName } from '../plan/plan.ts';
import { grantSelectStatements } from './grant-statements.ts';
import { incrementalMergeStatements } from './incremental-merge.ts';
import { publishSwapStatements } from './publish-swap.ts';
import { stagedRelation, type StagedBuildKind } from './staged-build.ts';

export interface StagedModel {
  readonly kind: StagedBuildKind;
  /** The published relation's kind before this build, if it exists. */
  readonly published: RelationKind | undefined;
  /** A view staged as a snapshot table. */
  readonly snapshot: boolean;
  /** The published table's columns in stored order (published-columns.ts); increments only. */
  readonly columns: readonly string[];
}

export function publishStatements(dialect: Dialect, target: TargetName, model: PlanModel, staging: StagedModel): string[] {
  const staged = stagedRelation(model);
  if (staging.kind === 'increment') {
    return [
      ...incrementalMergeStatements(staged, model.relation, model.config.uniqueKey, staging.columns),
      dialect.dropRelation(staged, 'table'),
      ...grantSelectStatements(target, model.relation, model.config.grants),
    ];
  }
  if (staging.snapshot) {
    // The snapshot already ran the view's query, so creating the view cannot fail on it.
    return [dialect.dropRelation(staged, 'table'), ...dialect.createView(staged, model.sql), ...publishSwapStatements(dialect, target, model, staged, staging.published)];
  }
  return publishSwapStatements(dialect, target, model, staged, staging.published);
}
