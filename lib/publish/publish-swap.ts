/**
 * The one definition of publishing a model: the staged relation takes the published one's place
 * (the engine's swap: drop what is published, of whatever kind, and rename), and the model's
 * `grants:` are granted again (grant-statements.ts), all meant for one transaction. The local
 * runner (model-publisher.ts) runs it per model as soon as its audit passed; the pipeline's
 * Publish step (lib/pipeline/publish-step.ts) queues it for every model of the run and runs the
 * lot in one transaction. Only the scheduling and the batching differ.
 */
import type { Dialect, RelationKind } from '../engines/engine.ts';
import type { PlanModel, Relation, TargetName } from '../plan/plan.ts';
import { grantSelectStatements } from './grant-statements.ts';

export function publishSwapStatements(
  dialect: Dialect,
  target: TargetName,
  model: PlanModel,
  staged: Relation,
  existing: RelationKind | undefined,
): string[] {
  const kind: RelationKind = model.config.materialized === 'view' ? 'view' : 'table';
  return [...dialect.swap(staged, model.relation, kind, existing), ...grantSelectStatements(target, model.relation, model.config.grants)];
}
