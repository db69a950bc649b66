/**
 * Incremental state (docs/architecture.md, "Incremental runs"): what an incremental model's last
 * successful build saw, and whether this run may build it as an increment.
 *
 * Every publish of an incremental model appends one row to `audit.incremental_state` in the
 * publishing transaction (a failed run records nothing, so the next run's `landed_keys` reach back
 * to the last published build and catch up): the newest `_loaded_at` and `_ingest_date` of the raw
 * tables the model reads, through its upstream models too, and the run date.
 *
 * A later run builds the model as an increment only when nothing says the increment could miss a
 * change. Raw tables keep every landed version, but a past day re-landed since (an
 * `audit.loaded_files` row loaded after the state's `loaded_through` for a day up to its
 * `ingest_through`) replaced that day's rows: versions it dropped leave no key behind for an
 * increment to find, so the model is rebuilt whole. So is a model whose logic changed (its
 * PlanModel.logicFingerprint differs from the one recorded): an increment computed with the new logic
 * would be merged into rows computed with the old. The local runner (lib/runner/model-publisher.ts)
 * and the pipeline's layer steps (lib/pipeline/layer-build-step.ts) both ask with
 * incrementalStateQuery and decide with decideBuild.
 */
import { AUDIT_TABLES, incrementalStateTableStatement } from '../audit/audit-tables.ts';
import type { RelationKind, Row } from '../engines/engine.ts';
import { LOADED_FILES_TABLE } from '../landing/loaded-files.ts';
import { qualified, relationText, type Plan, type PlanModel, type PlanSource, type TargetName } from '../plan/plan.ts';
import { sqlStringFor, sqlTimestamp } from '../sql/literals.ts';
import type { StagedBuildKind } from './staged-build.ts';

/** The raw tables a model reads, directly or through the models it reads, in plan order. */
export function rawSourcesOf(plan: Plan, model: PlanModel): PlanSource[] {
  const models = new Map(plan.models.map((candidate) => [candidate.id, candidate]));
  const sourceIds = new Set<string>();
  const visited = new Set<string>();
  const visit = (current: PlanModel): void => {
    if (visited.has(current.id)) return;
    visited.add(current.id);
    for (const id of current.dependsOn.sources) sourceIds.add(id);
    for (const id of current.dependsOn.models) {
      const upstream = models.get(id);
      if (upstream !== undefined) visit(upstream);
    }
  };
  visit(model);
  return plan.sources.filter((source) => sourceIds.has(source.id));
}

/** The latest recorded build of a model, as incrementalStateQuery reads it. */
export interface RecordedState {
  /** `YYYY-MM-DD`; null when the recording run had no run_date var. */
  readonly runDate: string | null;
  /** The earliest past day re-landed since that build, `raw.deals day 2026-11-20`; null when none. */
  readonly relanded: string | null;
  /** The PlanModel.logicFingerprint it was built with; null when none was recorded. */
  readonly logicFingerprint: string | null;
}

export type RecordedStates = Readonly<Record<string, RecordedState>>;

/**
 * One query for any number of incremental models: a row per model that has a recorded build, with
 * its latest run date and the earliest day re-landed since (by `audit.loaded_files`, whose
 * `loaded_at` is the `_loaded_at` the day's rows got). A left join with an aggregate rather than a
 * correlated subquery in the select list, which Redshift does not support
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_correlated_subqueries.html).
 */
export function incrementalStateQuery(plan: Plan, models: readonly PlanModel[], target: TargetName): string {
  const quote = sqlStringFor(target);
  if (models.length === 0) {
    return `select cast(null as varchar(512)) as model_id, cast(null as varchar(10)) as run_date, cast(null as varchar(300)) as relanded, cast(null as varchar(64)) as logic_fingerprint where 1 = 0`;
  }
  return models
    .map((model) => {
      const tables = [...new Set(rawSourcesOf(plan, model).map((source) => source.tableName))];
      const latest = `(select run_date, loaded_through, ingest_through, logic_fingerprint,
               row_number() over (order by recorded_at desc, run_date desc) as recency
          from ${AUDIT_TABLES.incrementalState}
         where model_id = ${quote(model.id)}) latest`;
      if (tables.length === 0) {
        return `select ${quote(model.id)} as model_id, cast(latest.run_date as varchar(10)) as run_date, cast(null as varchar(300)) as relanded, latest.logic_fingerprint
  from ${latest}
 where latest.recency = 1`;
      }
      return `select ${quote(model.id)} as model_id, cast(latest.run_date as varchar(10)) as run_date,
       cast(min(cast(relanded.ingest_date as varchar(10)) || ' ' || relanded.table_name) as varchar(300)) as relanded, latest.logic_fingerprint
  from ${latest}
  left join ${LOADED_FILES_TABLE} relanded
    on relanded.table_name in (${tables.map(quote).join(', ')})
   and relanded.loaded_at > latest.loaded_through
   and relanded.ingest_date <= latest.ingest_through
 where latest.recency = 1
 group by latest.run_date, latest.logic_fingerprint`;
    })
    .join('\nunion all\n');
}

/** The query's rows by model id; `relanded` names the raw relation, as the plan's sources do. */
export function recordedStates(plan: Plan, rows: readonly Row[]): RecordedStates {
  const states: Record<string, RecordedState> = {};
  for (const row of rows) {
    const relanded = row.relanded === null || row.relanded === undefined ? null : String(row.relanded);
    states[String(row.model_id)] = {
      runDate: row.run_date === null || row.run_date === undefined ? null : String(row.run_date).slice(0, 10),
      relanded: relanded === null ? null : relandedDay(plan, relanded),
      logicFingerprint: row.logic_fingerprint === null || row.logic_fingerprint === undefined ? null : String(row.logic_fingerprint),
    };
  }
  return states;
}

/** `2026-11-20 deals` → `raw.deals day 2026-11-20`. */
function relandedDay(plan: Plan, text: string): string {
  const [day = '', table = ''] = text.split(' ');
  const source = plan.sources.find((candidate) => candidate.tableName === table);
  return `${source === undefined ? table : qualified(source.relation)} day ${day}`;
}

export interface BuildInputs {
  /** The published relation's kind, if it exists. */
  readonly published: RelationKind | undefined;
  readonly fullRefresh: boolean;
  /** The model's latest recorded build; undefined when none was recorded. */
  readonly state: RecordedState | undefined;
  /** This run's run_date var. */
  readonly runDate: string | undefined;
}

export interface BuildDecision {
  readonly kind: StagedBuildKind;
  /** Incremental models: why it is built this way, for the console and `audit.model_runs`. */
  readonly reason?: string;
}

/** Whether deciding needs the model's recorded state: an incremental model published as a table, not fully refreshed. */
export function needsRecordedState(model: PlanModel, published: RelationKind | undefined, fullRefresh: boolean): boolean {
  return model.config.materialized === 'incremental' && published === 'table' && !fullRefresh;
}

export function decideBuild(model: PlanModel, inputs: BuildInputs): BuildDecision {
  if (model.config.materialized === 'view') return { kind: 'view' };
  if (model.config.materialized !== 'incremental') return { kind: 'table' };
  const full = (why: string): BuildDecision => ({ kind: 'table', reason: `full: ${why}` });
  // First: a full refresh is the reason even where nobody asked what is published (the pipeline does not).
  if (inputs.fullRefresh) return full('--full-refresh');
  if (inputs.published === undefined) return full('not published yet');
  if (inputs.published !== 'table') return full(`the published ${qualified(model.relation)} is a ${inputs.published}`);
  const { state, runDate } = inputs;
  if (state === undefined) return full('no incremental build of it is recorded');
  if (runDate !== undefined && state.runDate !== null && runDate < state.runDate) {
    return full(`run date ${runDate} is before the last build's ${state.runDate}`);
  }
  if (state.relanded !== null) return full(`${state.relanded} re-landed since the last build`);
  // A state without a fingerprint, or a plan without one, cannot show the logic is unchanged.
  if (state.logicFingerprint === null || state.logicFingerprint !== model.logicFingerprint) {
    // append_new_columns / sync_all_columns: the model's owner chose to change the table in place rather
    // than rebuild it (dbt's answer for tables too large to rebuild); its increment reconciles the columns.
    const mode = model.config.onSchemaChange;
    if (mode === 'append_new_columns' || mode === 'sync_all_columns') {
      return { kind: 'increment', reason: `increment: the model changed since the last build; on_schema_change ${mode} evolves the table in place` };
    }
    return full("the model's logic changed since the last build (its SQL, a var or a macro it reads, or a model it reads)");
  }
  return { kind: 'increment', reason: 'increment: rows landed since the last build' };
}

/** This run's `run_date` var, when the plan was compiled with one. */
export function planRunDate(plan: Plan): string | undefined {
  const value = plan.vars.run_date;
  if (value === undefined || value === null) return undefined;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

const STATE_COLUMNS = 'model_id, run_id, run_date, loaded_through, ingest_through, full_refresh, recorded_at, logic_fingerprint';

export interface StateRecord {
  readonly runId: string;
  readonly runDate: string | undefined;
  /** Whether the model was built whole (not as an increment). */
  readonly fullRefresh: boolean;
  readonly recordedAt: Date;
}

/**
 * The `insert … select` of the model's state row, reading the raw tables as they are now (the
 * run's load is done before any model builds). `into` is audit.incremental_state, or the table the
 * pipeline keeps the row in until Publish copies it (PENDING_STATE_TABLE below).
 */
export function incrementalStateInsert(plan: Plan, model: PlanModel, target: TargetName, record: StateRecord, into: string = AUDIT_TABLES.incrementalState): string {
  const quote = sqlStringFor(target);
  const sources = rawSourcesOf(plan, model);
  const newest =
    sources.length === 0
      ? `(select cast(null as timestamp) as loaded_through, cast(null as date) as ingest_through) newest`
      : `(select max(loaded_through) as loaded_through, max(ingest_through) as ingest_through
    from (${sources
      .map((source) => `select max(_loaded_at) as loaded_through, max(_ingest_date) as ingest_through from ${relationText(source.relation, target)}`)
      .join('\n          union all\n          ')}) per_table) newest`;
  const runDate = record.runDate === undefined ? 'cast(null as date)' : `cast(${quote(record.runDate)} as date)`;
  const fingerprint = model.logicFingerprint === undefined ? 'cast(null as varchar(64))' : quote(model.logicFingerprint);
  return `insert into ${into} (${STATE_COLUMNS})
select ${quote(model.id)}, ${quote(record.runId)}, ${runDate}, newest.loaded_through, newest.ingest_through, ${record.fullRefresh ? 'true' : 'false'}, ${sqlTimestamp(record.recordedAt)}, ${fingerprint}
  from ${newest}`;
}

/**
 * The pipeline builds in layer steps and publishes in a later step, so a layer step keeps each
 * incremental model's state row here (computed when it built the model) and Publish copies the
 * run's rows into audit.incremental_state in its one transaction (lib/pipeline/publish-step.ts).
 */
export const PENDING_STATE_TABLE = `${AUDIT_TABLES.incrementalState}_pending`;

export function pendingStateTableStatement(): string {
  return incrementalStateTableStatement(PENDING_STATE_TABLE);
}

/** A layer step's pending rows for its models: any left by a retried attempt of this run go first. */
export function pendingStateStatements(plan: Plan, runId: string, entries: readonly { readonly model: PlanModel; readonly record: StateRecord }[]): string[] {
  if (entries.length === 0) return [];
  const quote = sqlStringFor('redshift');
  return [
    pendingStateTableStatement(),
    `delete from ${PENDING_STATE_TABLE} where run_id = ${quote(runId)} and model_id in (${entries.map(({ model }) => quote(model.id)).join(', ')})`,
    ...entries.map(({ model, record }) => incrementalStateInsert(plan, model, 'redshift', record, PENDING_STATE_TABLE)),
  ];
}

/** Publish's statements: the run's pending rows become its state; what failed runs left goes. */
export function publishPendingStateStatements(runId: string): string[] {
  return [
    `insert into ${AUDIT_TABLES.incrementalState} (${STATE_COLUMNS})\nselect ${STATE_COLUMNS} from ${PENDING_STATE_TABLE} where run_id = ${sqlStringFor('redshift')(runId)}`,
    `delete from ${PENDING_STATE_TABLE}`,
  ];
}
