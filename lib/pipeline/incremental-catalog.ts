/**
 * What a layer step decides each incremental model's build from (lib/publish/incremental-state.ts):
 * which of the models are published and as what, their published columns, and their latest recorded
 * builds. Nothing is published before the Publish step, and no other run runs beside this one
 * (concurrency-guard.ts), so one answer holds for every layer step of a run: the first layer step
 * that builds an incremental model asks it, in one batch, for the incremental models of its own
 * layer and of every later one, and hands it on in the run context (RunContext.catalog); the later
 * layer steps read it there instead of asking again in a batch of their own. The run context is in
 * every state of the execution, which Step Functions limits to 256 KiB: a catalog too large to hand on
 * within CARRIED_CATALOG_LIMIT_BYTES is not, and each later layer step asks for its own models again.
 */
import type { Row } from '../engines/engine.ts';
import { qualified, type Plan, type PlanModel } from '../plan/plan.ts';
import { publishedColumns, publishedColumnsQuery, type PublishedColumns } from '../publish/published-columns.ts';
import { incrementalStateQuery, recordedStates, type RecordedStates } from '../publish/incremental-state.ts';
import { relationKinds, relationKindsQuery, type RelationKinds } from './relation-catalog.ts';

export interface IncrementalCatalog {
  /** The published relations among the models', by qualified name. */
  readonly existing: RelationKinds;
  /** Their published columns, with their types (merged by name, compared by on_schema_change). */
  readonly columns: PublishedColumns;
  /** The models' latest recorded builds, by model id. */
  readonly states: RecordedStates;
}

/** The catalog's three queries, in the order `incrementalCatalog` reads their rows. */
export function incrementalCatalogQueries(plan: Plan, models: readonly PlanModel[]): string[] {
  const relations = models.map((model) => model.relation);
  return [relationKindsQuery(relations), publishedColumnsQuery(relations), incrementalStateQuery(plan, models, 'redshift')];
}

export function incrementalCatalog(plan: Plan, [kinds, columns, states]: readonly [readonly Row[], readonly Row[], readonly Row[]]): IncrementalCatalog {
  return { existing: relationKinds(kinds), columns: publishedColumns(columns), states: recordedStates(plan, states) };
}

/**
 * The largest catalog handed on in the run context, as JSON in UTF-8 bytes: less than half of the
 * 256 KiB Step Functions allows a state, which also holds the step's own memo. With this project's
 * catalog the end-to-end walk's largest state is 24 KB.
 */
export const CARRIED_CATALOG_LIMIT_BYTES = 100_000;

/** The part of `catalog` about `models`. */
export function catalogOf(catalog: IncrementalCatalog, models: readonly PlanModel[]): IncrementalCatalog {
  const relations = new Set(models.map((model) => qualified(model.relation)));
  const ids = new Set(models.map((model) => model.id));
  const about = <T>(record: Readonly<Record<string, T>>, keep: ReadonlySet<string>): Record<string, T> => Object.fromEntries(Object.entries(record).filter(([key]) => keep.has(key)));
  return { existing: about(catalog.existing, relations), columns: about(catalog.columns, relations), states: about(catalog.states, ids) };
}

/** The part of `catalog` about `models` to hand on in the run context; undefined when it is too large to. */
export function carriedCatalog(catalog: IncrementalCatalog, models: readonly PlanModel[]): IncrementalCatalog | undefined {
  const carried = catalogOf(catalog, models);
  return Buffer.byteLength(JSON.stringify(carried), 'utf8') <= CARRIED_CATALOG_LIMIT_BYTES ? carried : undefined;
}
