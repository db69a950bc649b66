/**
 * How a model of the plan is built under its staged name, before anything is published: the
 * decision between a view, a full table and an increment, and the statements that create the
 * staged relation from the model's compiled select. The local runner (model-publisher.ts) runs
 * them per model; the pipeline's layer steps (lib/pipeline/layer-build-step.ts) batch them per
 * layer, reading the run's other staged relations (staged-relations.ts).
 */
import type { Dialect, RelationKind } from '../engines/engine.ts';
import { auditRelation, type PlanModel, type Relation } from '../plan/plan.ts';

/** `increment`: an incremental model already published as a table, not fully refreshed. */
export type StagedBuildKind = 'view' | 'table' | 'increment';

/** The relation a model is built and audited under (`analytics.fact_deals__wap`). */
export function stagedRelation(model: PlanModel): Relation {
  return auditRelation(model.relation);
}

/** Where the pipeline builds an increment before merging it into the staged copy of the published table. */
export function incrementRelation(model: PlanModel): Relation {
  return { schema: model.relation.schema, name: `${model.relation.name}__inc` };
}

/**
 * Where the pipeline creates a view model's published definition (reading the published names)
 * before the publishing transaction renames it into place: renaming the staged view instead would
 * keep the staged names it was built to read, which are gone afterwards.
 */
export function publishedViewRelation(model: PlanModel): Relation {
  return { schema: model.relation.schema, name: `${model.relation.name}__pub` };
}

export function stagedBuildKind(model: PlanModel, published: RelationKind | undefined, fullRefresh: boolean): StagedBuildKind {
  if (model.config.materialized === 'view') return 'view';
  return model.config.materialized === 'incremental' && published === 'table' && !fullRefresh ? 'increment' : 'table';
}

export interface StagedSelectOptions {
  /** Rewrites the model's references (the pipeline reads the run's staged relations). @default as compiled */
  readonly read?: (sql: string) => string;
  /** A view staged as a snapshot table, for its audit to read stored rows (model-publisher.ts). @default false */
  readonly snapshotView?: boolean;
}

/**
 * Creates `into` from the model's select: the increment's select for an increment (a model
 * without an is_incremental() block compiles to no incrementalSql: its increment is the full
 * select), a view for a view unless it is snapshotted, a table otherwise.
 */
export function stagedSelectStatements(dialect: Dialect, model: PlanModel, kind: StagedBuildKind, into: Relation, options: StagedSelectOptions = {}): string[] {
  const read = options.read ?? ((sql: string) => sql);
  const select = read(kind === 'increment' ? (model.incrementalSql ?? model.sql) : model.sql);
  if (kind === 'view' && options.snapshotView !== true) return dialect.createView(into, select);
  return dialect.createTableAs(into, select, model.config);
}
