/**
 * How a model of the plan is built under its staged name, before anything is published: the
 * decision between a view, a full table and an increment, and the statements that create the
 * staged relation. The local runner (lib/runner/model-publisher.ts) runs them per model; the
 * pipeline's layer steps (lib/pipeline/layer-build-step.ts) batch them per layer, reading the
 * run's other staged relations (staged-relations.ts).
 */
import type { Dialect } from '../engines/engine.ts';
import { auditRelation, qualified, type PlanModel, type Relation } from '../plan/plan.ts';
import { incrementalMergeStatements } from './incremental-merge.ts';

/** `increment`: an incremental model built as an increment (incremental-state.ts decides). */
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

export interface StagedBuildOptions {
  /** Rewrites the model's references (the pipeline reads the run's staged relations). @default as compiled */
  readonly read?: (sql: string) => string;
  /** A view staged as a snapshot table, for its audit to read stored rows (lib/runner/model-publisher.ts). @default false */
  readonly snapshotView?: boolean;
  /** An increment's published columns, in stored order (published-columns.ts). @default none */
  readonly columns?: readonly string[];
}

/**
 * The statements that create the model's staged relation. An increment is built as `__inc` from
 * the increment's select (`{{ this }}` is the published table) and merged by column name into a
 * staged copy of the published table, which is then audited and swapped in like any table: the
 * audit sees the whole table readers will get, and the merge is published atomically with it.
 */
export function stagedBuildStatements(dialect: Dialect, model: PlanModel, kind: StagedBuildKind, options: StagedBuildOptions = {}): string[] {
  const staged = stagedRelation(model);
  if (kind !== 'increment') return selectStatements(dialect, model, kind, staged, options);
  const increment = incrementRelation(model);
  return [
    ...selectStatements(dialect, model, kind, increment, options),
    ...dialect.createTableAs(staged, `select * from ${qualified(model.relation)}`, model.config),
    ...incrementalMergeStatements(increment, staged, model.config.uniqueKey, options.columns ?? []),
    dialect.dropRelation(increment, 'table'),
  ];
}

/**
 * Creates `into` from the model's select: the increment's select for an increment (a model
 * without an is_incremental() block compiles to no incrementalSql: its increment is the full
 * select), a view for a view unless it is snapshotted, a table otherwise.
 */
function selectStatements(dialect: Dialect, model: PlanModel, kind: StagedBuildKind, into: Relation, options: StagedBuildOptions): string[] {
  const read = options.read ?? ((sql: string) => sql);
  const select = read(kind === 'increment' ? (model.incrementalSql ?? model.sql) : model.sql);
  if (kind === 'view' && options.snapshotView !== true) return dialect.createView(into, select);
  return dialect.createTableAs(into, select, model.config);
}
