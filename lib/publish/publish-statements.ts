/**
 * What puts one audited staged model in place, as one transaction, when models are published
 * one at a time as soon as their audit passed (the local runner): the swap and grants
 * (publish-swap.ts), increments included (merged into a staged copy at build time,
 * staged-build.ts); for a view staged as a snapshot table, the view itself is first created under
 * the staged name. The pipeline's Publish step queues the same swaps for the whole run.
 */
import type { Dialect, RelationKind } from '../engines/engine.ts';
import type { PlanModel, TargetName } from '../plan/plan.ts';
import { publishSwapStatements } from './publish-swap.ts';
import { stagedRelation } from './staged-build.ts';

export interface StagedModel {
  /** The published relation's kind before this build, if it exists. */
  readonly published: RelationKind | undefined;
  /** A view staged as a snapshot table. */
  readonly snapshot: boolean;
}

export function publishStatements(dialect: Dialect, target: TargetName, model: PlanModel, staging: StagedModel): string[] {
  const staged = stagedRelation(model);
  if (staging.snapshot) {
    // The snapshot already ran the view's query, so creating the view cannot fail on it.
    return [dialect.dropRelation(staged, 'table'), ...dialect.createView(staged, model.sql), ...publishSwapStatements(dialect, target, model, staged, staging.published)];
  }
  return publishSwapStatements(dialect, target, model, staged, staging.published);
}
