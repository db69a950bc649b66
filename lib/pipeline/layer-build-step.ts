/**
 * The build step of a layer (one per layer of the plan, lambdas/build-layer.ts): build the layer's selected models under their staged names
 * (staged-relations.ts), in plan order, in as few batches as the Data API allows; then append one
 * `audit.model_runs` row per model. Nothing here is visible to readers until Publish. The layer's
 * enforced contracts are checked on the staged builds by one query at the end of the last build
 * batch: a breach fails the step before the model runs are recorded.
 *
 * - view: `create or replace view <staged> … with no schema binding`
 * - table: `drop table if exists <staged>; create table <staged> … as <select>`
 * - incremental, built as an increment (lib/publish/incremental-state.ts decides, from which
 *   relations are published, their columns and the recorded state: incremental-catalog.ts, asked in
 *   one batch by the run's first layer step that builds an incremental model, for its layer and the
 *   later ones, and handed on in the run context): the increment is built as
 *   `<name>__inc` from incrementalSql (whose `{{ this }}` is the published table) in a batch that
 *   ends with the query of its columns; the next batch copies the published table to the staged
 *   name (without the rows delete+insert replaces), alters it as on_schema_change says, merges the
 *   increment into it by the model's strategy and runs its post_hook, as the local runner does;
 *   Publish then swaps it in like any table, so the merge is published atomically with the rest.
 *   The increments of a layer share these batches: each `__inc` is built as its model comes,
 *   beside the layer's other models, and the merges wait until a model reads one of them (or the
 *   layer ends), when one query reads the columns of every `__inc` built so far. A batch is a Data
 *   API round trip, so a layer of six independent staging increments costs two batches where it
 *   cost six.
 * - every incremental model's state row is kept in audit.incremental_state_pending with the model
 *   runs; Publish copies it into audit.incremental_state in its one transaction.
 *
 * Which of these a model gets, and the statements that create its staged relation, are
 * lib/publish/staged-build.ts, the local runner's too.
 */
import type { Row } from '../engines/engine.ts';
import { redshiftDialect } from '../engines/redshift-data/redshift-dialect.ts';
import { incrementRelation, qualified, type Layer, type PlanModel } from '../plan/plan.ts';
import { modelRunInsert } from '../publish/audit-records.ts';
import { assertContracts, contractColumnsQuery, contractedModels } from '../publish/contract-check.ts';
import { publishedColumns, publishedColumnsQuery, type ColumnType } from '../publish/published-columns.ts';
import { decideBuild, pendingStateStatements, planRunDate, type BuildDecision } from '../publish/incremental-state.ts';
import { incrementStatements, mergedIncrementStatements, stagedBuildStatements, stagedRelation } from '../publish/staged-build.ts';
import type { FinishedBatch } from './data-api-batches.ts';
import { packGroups, type PackedBatch, type StatementGroup } from './batch-packing.ts';
import { carriedCatalog, catalogOf, incrementalCatalog, incrementalCatalogQueries, type IncrementalCatalog } from './incremental-catalog.ts';
import type { RunPlan } from './run-plan.ts';
import { StagedRelations } from '../publish/staged-relations.ts';
import type { Memo, RowReader, StepDecision, StepProgram } from './step-runner.ts';
import type { StepTelemetry } from './step-telemetry.ts';
import { METRIC_DIMENSIONS, PIPELINE_METRICS } from './pipeline-metric-names.ts';

export interface LayerBuildOptions {
  readonly layer: Layer;
  readonly runPlan: RunPlan;
  readonly runId: string;
  readonly fullRefresh: boolean;
  readonly telemetry: StepTelemetry;
  /** The incremental catalog an earlier layer step of the run read (RunContext.catalog), if one did. */
  readonly catalog?: IncrementalCatalog;
}


interface BuiltModel {
  readonly rows: number | null;
  readonly seconds: number;
  readonly startedAt: string;
  readonly completedAt: string;
}

/** The group key suffix of the statements that build an increment's `__inc`. */
const INCREMENT_KEY = ' increment';
/** The group key prefix of the query of the columns of the `__inc` built since the last merges, followed by their model ids. */
const INCREMENT_COLUMNS_KEY = 'columns of ';
/** The group key of the query of the staged builds' columns that the layer's enforced contracts are checked on, last in the last batch. */
const CONTRACT_COLUMNS_KEY = 'contract columns';

type LayerMemo = IncrementalCatalog & {
  readonly phase: 'catalog' | 'build' | 'record';
  /** Index of the batch of the current phase. */
  readonly batch: number;
  /** The columns each increment (`__inc`) was built with, by model id, read in the batch that built it. */
  readonly incrementColumns: Readonly<Record<string, readonly ColumnType[]>>;
  /** ISO time of the step's first invocation: the state rows' recorded_at, the same on every retry. */
  readonly recordedAt: string;
  readonly built: Readonly<Record<string, BuiltModel>>;
}

export class LayerBuildStep implements StepProgram {
  private readonly models: readonly PlanModel[];
  /** The selected incremental models of the later layers: the part of a catalog asked here that is handed on. */
  private readonly incrementalLater: readonly PlanModel[];
  /** The layer's models with an enforced contract, checked at the end of the last build batch. */
  private readonly contracted: readonly PlanModel[];
  private readonly staged: StagedRelations;

  constructor(private readonly options: LayerBuildOptions) {
    const { plan, selection } = options.runPlan;
    if (!plan.layers.some((layer) => layer.name === options.layer)) {
      throw new Error(`layer '${options.layer}' is not a layer of the plan (${plan.layers.map((layer) => layer.name).join(', ')}): the step was deployed for another project`);
    }
    const selected = new Set(selection.models);
    const runModels = plan.models.filter((model) => selected.has(model.id));
    this.models = runModels.filter((model) => model.layer === options.layer);
    const later = new Set(plan.layers.slice(plan.layers.findIndex((layer) => layer.name === options.layer) + 1).map((layer) => layer.name));
    this.incrementalLater = runModels.filter((model) => later.has(model.layer) && model.config.materialized === 'incremental');
    this.contracted = contractedModels(this.models);
    this.staged = new StagedRelations(runModels.map((model) => model.relation));
  }

  async advance(finished: FinishedBatch | undefined, memo: Memo, rows: RowReader): Promise<StepDecision> {
    const { telemetry } = this.options;
    if (finished === undefined) {
      if (this.models.length === 0) {
        telemetry.info('no selected models in this layer', { layer: this.options.layer });
        return { memo: {} };
      }
      const start = { batch: 0, existing: {}, columns: {}, incrementColumns: {}, states: {}, built: {}, recordedAt: new Date().toISOString() };
      const { catalog, fullRefresh } = this.options;
      const incremental = fullRefresh ? [] : this.models.filter((model) => model.config.materialized === 'incremental');
      // The memo keeps only this layer's part of the catalog: the run context carries the rest.
      if (incremental.length === 0 || catalog !== undefined) return this.nextBuild({ ...start, ...(catalog === undefined ? {} : catalogOf(catalog, this.models)), phase: 'build' });
      return this.decide({ ...start, phase: 'catalog' }, {
        label: `${this.options.layer}: which incremental models of this layer and the later ones are published, and their recorded builds`,
        sqls: incrementalCatalogQueries(this.options.runPlan.plan, [...incremental, ...this.incrementalLater]),
      });
    }

    const state = memo as unknown as LayerMemo;
    if (state.phase === 'catalog') {
      const catalog = incrementalCatalog(this.options.runPlan.plan, [await rows(0), await rows(1), await rows(2)]);
      const decision = this.nextBuild({ ...state, ...catalogOf(catalog, this.models), phase: 'build', batch: 0 });
      const carried = carriedCatalog(catalog, this.incrementalLater);
      return carried === undefined ? decision : { ...decision, addToRun: { catalog: carried } };
    }
    if (state.phase === 'build') {
      const batch = this.buildBatches(state)[state.batch];
      const built = this.builtModels(batch, finished, state);
      // A batch before merges ends with the query of the columns of the increments they merge.
      const last = batch?.groups.at(-1)?.key;
      const lastRows = (): Promise<readonly Row[]> => rows((batch?.sqls.length ?? 1) - 1);
      const incrementColumns = last?.startsWith(INCREMENT_COLUMNS_KEY) === true ? { ...state.incrementColumns, ...this.incrementColumnsOf(last, await lastRows()) } : state.incrementColumns;
      if (last === CONTRACT_COLUMNS_KEY) {
        // A breach fails the step before its model runs are recorded, so the run stops before Publish (lib/publish/contract-check.ts).
        assertContracts(this.contracted.map((model) => ({ model, built: stagedRelation(model) })), await lastRows());
      }
      return this.nextBuild({ ...state, batch: state.batch + 1, built, incrementColumns });
    }
    return this.nextRecord({ ...state, batch: state.batch + 1 });
  }

  private nextBuild(state: LayerMemo): StepDecision {
    const batches = this.buildBatches(state);
    const next = batches[state.batch];
    if (next !== undefined) {
      return this.decide(state, { label: `build ${this.options.layer} ${state.batch + 1}`, sqls: next.sqls });
    }
    return this.nextRecord({ ...state, phase: 'record', batch: 0 });
  }

  private nextRecord(state: LayerMemo): StepDecision {
    const batches = packGroups(this.recordStatements(state).map((sql, index) => ({ key: index, sqls: [sql] })));
    const next = batches[state.batch];
    if (next === undefined) return { memo: {} };
    return this.decide(state, { label: `record ${this.options.layer} model runs ${state.batch + 1}/${batches.length}`, sqls: next.sqls });
  }

  private decide(state: LayerMemo, batch: { label: string; sqls: readonly string[] }): StepDecision {
    return { batch, memo: state as unknown as Memo };
  }

  /**
   * Deterministic for a given catalog answer and the increment columns read so far, so every
   * invocation computes the same batches. An increment's merge depends on the columns its `__inc`
   * got (on_schema_change), so the merges start a new batch, after the one that ends with the query
   * of the columns of every `__inc` built since the last merges; the batches after that one are
   * known once it has run, and the batches before it never change. Where the merges go depends on
   * the plan only: before the first model that reads a model merged there, or at the layer's end.
   */
  buildBatches(state: Pick<LayerMemo, 'existing' | 'columns' | 'states' | 'incrementColumns'>): PackedBatch<string>[] {
    const batches: PackedBatch<string>[] = [];
    let segment: StatementGroup<string>[] = [];
    let unmerged: PlanModel[] = [];
    const read = (model: PlanModel) => (sql: string): string => this.staged.rewrite(sql, model.relation);
    /** Ends the batch with the columns query and starts the next with the merges; false while the columns are unknown. */
    const merge = (): boolean => {
      if (unmerged.length === 0) return true;
      segment.push({ key: `${INCREMENT_COLUMNS_KEY}${unmerged.map((model) => model.id).join(' ')}`, sqls: [publishedColumnsQuery(unmerged.map(incrementRelation))] });
      batches.push(...packGroups(segment));
      segment = [];
      for (const model of unmerged) {
        const increment = state.incrementColumns[model.id];
        if (increment === undefined) return false;
        segment.push({ key: model.id, sqls: mergedIncrementStatements(redshiftDialect, model, { published: state.columns[qualified(model.relation)] ?? [], increment }, { read: read(model) }) });
      }
      unmerged = [];
      return true;
    };
    for (const model of this.models) {
      const readsUnmerged = unmerged.some((candidate) => model.dependsOn.models.includes(candidate.id));
      if (readsUnmerged && !merge()) return batches;
      const decision = this.decision(model, state);
      if (decision.kind !== 'increment') {
        segment.push({ key: model.id, sqls: stagedBuildStatements(redshiftDialect, model, decision.kind, { read: read(model) }) });
        continue;
      }
      segment.push({ key: `${model.id}${INCREMENT_KEY}`, sqls: incrementStatements(redshiftDialect, model, { read: read(model) }) });
      unmerged.push(model);
    }
    if (!merge()) return batches;
    // The contracts are checked on what the batches before built: the query ends the last one, where it fits, instead of a round trip of its own.
    if (this.contracted.length > 0) segment.push({ key: CONTRACT_COLUMNS_KEY, sqls: [contractColumnsQuery(this.contracted.map(stagedRelation))] });
    return [...batches, ...packGroups(segment)];
  }

  /** The columns each increment named in the columns query's group key got, from the query's rows. */
  private incrementColumnsOf(key: string, rows: readonly Row[]): Record<string, readonly ColumnType[]> {
    const ids = new Set(key.slice(INCREMENT_COLUMNS_KEY.length).split(' '));
    const found = publishedColumns(rows);
    return Object.fromEntries(this.models.filter((model) => ids.has(model.id)).map((model) => [model.id, found[qualified(incrementRelation(model))] ?? []]));
  }

  /** How the model is built given the catalog answer (the local runner decides the same way). */
  decision(model: PlanModel, catalog: Pick<IncrementalCatalog, 'existing' | 'states'>): BuildDecision {
    const published = catalog.existing[qualified(model.relation)];
    return decideBuild(model, { published, fullRefresh: this.options.fullRefresh, state: catalog.states[model.id], runDate: planRunDate(this.options.runPlan.plan) });
  }


  /** Each model's rows and time, an increment's `__inc` build and its merge counted together. */
  private builtModels(batch: PackedBatch<string> | undefined, finished: FinishedBatch, state: LayerMemo): Record<string, BuiltModel> {
    const built: Record<string, BuiltModel> = { ...state.built };
    for (const group of batch?.groups ?? []) {
      const id = group.key.endsWith(INCREMENT_KEY) ? group.key.slice(0, -INCREMENT_KEY.length) : group.key;
      const model = this.models.find((candidate) => candidate.id === id);
      const subs = finished.subStatements.slice(group.start, group.start + group.count);
      if (model === undefined || subs.length === 0) continue;
      const seconds = subs.reduce((sum, sub) => sum + (sub.Duration ?? 0) / 1e9, 0);
      // A full table build is `drop`, then `create table … as`, whose affected rows are the table's rows
      // (a post_hook may follow). A view has no rows, and a merged increment's are not counted (the merge
      // reports the increment only).
      const kind = this.decision(model, state).kind;
      const creates = kind === 'table' ? subs[1]?.ResultRows : undefined;
      const rows = creates !== undefined && creates >= 0 ? creates : null;
      const before = built[model.id];
      built[model.id] = {
        rows,
        seconds: (before?.seconds ?? 0) + seconds,
        startedAt: before?.startedAt ?? (subs[0]?.CreatedAt ?? new Date(0)).toISOString(),
        completedAt: (subs.at(-1)?.UpdatedAt ?? new Date(0)).toISOString(),
      };
      if (rows !== null) this.options.telemetry.metric(PIPELINE_METRICS.modelRows, 'Count', rows, { [METRIC_DIMENSIONS.model]: model.name });
    }
    return built;
  }

  /** One `audit.model_runs` row per model, then the incremental models' pending state rows. */
  private recordStatements(state: LayerMemo): string[] {
    const { plan } = this.options.runPlan;
    const decisions = new Map(this.models.map((model) => [model.id, this.decision(model, state)]));
    const runs = this.models.map((model) => {
      const outcome = state.built[model.id];
      const reason = decisions.get(model.id)?.reason;
      return modelRunInsert({
        runId: this.options.runId,
        nodeId: model.id,
        nodeName: model.name,
        resourceType: 'model',
        status: 'success',
        rows: outcome?.rows ?? null,
        seconds: outcome?.seconds ?? 0,
        message: `built as ${qualified(stagedRelation(model))}${reason === undefined ? '' : ` (${reason})`}; published by the Publish step`,
        startedAt: new Date(outcome?.startedAt ?? 0),
        completedAt: new Date(outcome?.completedAt ?? 0),
      }, 'redshift');
    });
    const incremental = this.models.filter((model) => model.config.materialized === 'incremental');
    const record = { runId: this.options.runId, runDate: planRunDate(this.options.runPlan.plan), recordedAt: new Date(state.recordedAt) };
    return [
      ...runs,
      ...pendingStateStatements(plan, this.options.runId, incremental.map((model) => ({ model, record: { ...record, fullRefresh: decisions.get(model.id)?.kind !== 'increment' } }))),
    ];
  }
}
