/**
 * How a model of the plan is built under its staged name, before anything is published: the
 * statements that create the staged relation as a view, a full table or a merged increment
 * (incremental-state.ts decides which). The local runner (lib/runner/model-publisher.ts) runs them per model; the
 * pipeline's layer steps (lib/pipeline/layer-build-step.ts) batch them per layer, reading the
 * run's other staged relations (staged-relations.ts). On DuckDB and Postgres an increment is
 * usually merged into the published table instead (in-place-increment.ts), and only `__inc` is
 * built from here.
 */
import type { Dialect } from '../engines/engine.ts';
import { auditRelation, incrementRelation, qualified, type PlanModel, type Relation } from '../plan/plan.ts';
import { incrementalMergeStatements, unreplacedRowsSelect } from './incremental-merge.ts';
import { schemaChangePlan } from './incremental-schema-change.ts';
import type { ColumnType } from './published-columns.ts';
import { StagedRelations } from './staged-relations.ts';

/** `increment`: an incremental model built as an increment (incremental-state.ts decides). */
export type StagedBuildKind = 'view' | 'table' | 'increment';

/** The relation a model is built and audited under (`analytics.fact_deals__wap`). */
export function stagedRelation(model: PlanModel): Relation {
  return auditRelation(model.relation);
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
}

/** The statements that create a view's or a full table's staged relation, then run the model's post_hook on it. */
export function stagedBuildStatements(dialect: Dialect, model: PlanModel, kind: Exclude<StagedBuildKind, 'increment'>, options: StagedBuildOptions = {}): string[] {
  return [...selectStatements(dialect, model, kind, stagedRelation(model), options), ...postHookStatements(model, options)];
}

/**
 * An increment is built in two parts, because what the second does depends on the columns the
 * first produced (on_schema_change): first `__inc` from the increment's select (`{{ this }}` is
 * the published table); then, once its columns and the published table's are known
 * (published-columns.ts), a staged copy of the published table (without the rows delete+insert
 * replaces: incremental-merge.ts, unreplacedRowsSelect), altered as on_schema_change says
 * (incremental-schema-change.ts), the increment merged into it by the model's strategy
 * (incremental-merge.ts), `__inc` dropped and the post_hook run. The copy is then audited and
 * swapped in like any table: the audit sees the whole table readers will get, and the merge is
 * published atomically with it.
 */
export function incrementStatements(dialect: Dialect, model: PlanModel, options: StagedBuildOptions = {}): string[] {
  return selectStatements(dialect, model, 'increment', incrementRelation(model), options);
}

export interface IncrementColumns {
  /** The published table's columns, in stored order. */
  readonly published: readonly ColumnType[];
  /** The columns `__inc` was built with. */
  readonly increment: readonly ColumnType[];
}

/** Throws when on_schema_change refuses the increment's columns (nothing has been staged but `__inc` then). */
export function mergedIncrementStatements(dialect: Dialect, model: PlanModel, columns: IncrementColumns, options: StagedBuildOptions = {}): string[] {
  const staged = stagedRelation(model);
  const increment = incrementRelation(model);
  const { alters, mergeColumns } = schemaChangePlan(model, staged, columns.published, columns.increment);
  const unreplaced = unreplacedRowsSelect(model, increment, model.relation);
  return [
    ...dialect.createTableAs(staged, unreplaced ?? `select * from ${qualified(model.relation)}`, model.config),
    ...alters,
    ...incrementalMergeStatements(model, increment, staged, mergeColumns, { replacedRowsLeftOut: unreplaced !== undefined }),
    dialect.dropRelation(increment, 'table'),
    ...postHookStatements(model, options),
  ];
}

/**
 * dbt's post_hook, run on the relation being built once the model's rows are in it: `{{ this }}`
 * was compiled as the published relation and is read here as the staged one, after the model's
 * other references are read as the build reads them.
 */
function postHookStatements(model: PlanModel, options: StagedBuildOptions): string[] {
  const read = options.read ?? ((sql: string) => sql);
  const self = new StagedRelations([model.relation]);
  return (model.config.postHook ?? []).map((sql) => self.rewrite(read(sql)));
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
