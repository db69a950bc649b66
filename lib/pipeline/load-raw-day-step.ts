/**
 * LoadRawDay: the run date's landed files (on a full refresh, every landed day up to it) into the
 * `raw` tables with the Redshift loader's statements (lib/engines/redshift-data: per-file COPY
 * into a scratch table, rejects from SYS_LOAD_ERROR_DETAIL, the day replaced in one transaction),
 * driven as batches instead of waits:
 *
 * 1. setup: audit tables, every schema the plan uses, the raw tables (`if not exists`), and a
 *    query for the raw tables' columns; then, if a newer contract added columns, one ALTER each.
 * 2. per ingest date, oldest first, every table with files that day at once:
 *    stage (scratch tables and COPYs, each with the largest MAXERROR) → count (rejects per COPY,
 *    rows per file, the first page of reject details) → rejects (each page of
 *    SYS_LOAD_ERROR_DETAIL written to audit.load_errors as literals, with the next page read in
 *    the same batch) → replace (each table's day swapped in and its scratch dropped; a table's
 *    statements never split across batches, so each day is replaced whole).
 *
 * The decisions are the landing contract's, as in every other loader (lib/landing): a table's day
 * whose objects (key, Size, LastModified) are the ones audit.loaded_files recorded is skipped
 * unless the run is a full refresh or the raw table is new (day-plan.ts); a replaced day records
 * its objects in the same transaction; a file that cannot be read whole keeps its date out
 * (unreadable-files.ts); rejects count per file against `maxLoadErrors` over the whole run
 * (reject-budget.ts, kept in the memo between invocations), in code: a COPY never fails at the
 * budget (copy-statements.ts). When a date breaks it, that date's rejects are recorded, nothing of
 * that date is replaced, and the step fails with LoadBudgetExceeded naming the file with the most
 * rejects; dates before it stay loaded. A reload of a date replaces it, never doubles it.
 */
import { auditTableStatements } from '../audit/audit-tables.ts';
import type { Row } from '../engines/engine.ts';
import { layoutObject } from '../engines/redshift-data/copy-columns.ts';
import {
  commitDayStatements,
  dropScratchStatement,
  stagedRowsQuery,
  stagingStatements,
} from '../engines/redshift-data/copy-statements.ts';
import { landingDaysByTable, objectStamp, type LandingDayListing, type LandingFileToLoad } from '../engines/redshift-data/landing-listing.ts';
import {
  recordRejectDetailsStatements,
  recordRejectedFilesStatements,
  rejectCountsOf,
  rejectCountsQuery,
  rejectDetailsQuery,
  nextRejectDetailsQuery,
  type CopyRun,
  type RejectContext,
  type RejectedFile,
} from '../engines/redshift-data/load-rejects.ts';
import { columnDefinition, createRawTableStatement, REDSHIFT_LOAD_COLUMNS, redshiftColumnType } from '../engines/redshift-data/raw-tables.ts';
import { quoteIdentifier, quotedRelation } from '../engines/redshift-data/redshift-identifiers.ts';
import { planDays, stampsToRecord } from '../landing/day-plan.ts';
import { loadedFilesTableStatements, recordedDayQuery, recordedDaysFrom, type FileStamp } from '../landing/loaded-files.ts';
import { RejectBudget } from '../landing/reject-budget.ts';
import { UnreadableLandingFilesError } from '../landing/unreadable-files.ts';
import type { PlanSource } from '../plan/plan.ts';
import { redshiftString, sqlTimestamp } from '../sql/literals.ts';
import { packGroups } from './batch-packing.ts';
import type { FinishedBatch } from './data-api-batches.ts';
import { LoadBudgetError } from './pipeline-errors.ts';
import { PIPELINE_METRICS } from './pipeline-metric-names.ts';
import type { RunPlan } from './run-plan.ts';
import { HEADER_BYTES, headerFromBytes, type ObjectStore } from './s3-landing-store.ts';
import type { Memo, RowReader, StepDecision, StepProgram } from './step-runner.ts';
import type { StepTelemetry } from './step-telemetry.ts';

export interface LoadRawDayOptions {
  readonly runPlan: RunPlan;
  readonly runId: string;
  readonly runDate: string;
  readonly fullRefresh: boolean;
  /** When the run started: `_loaded_at` and `logged_at` (the same on a retried batch). */
  readonly loadedAt: Date;
  readonly store: ObjectStore;
  /** `s3://bucket/root`, under which `raw/<table>/ingest_date=…/` lies. */
  readonly landingUri: string;
  /** Key prefix of `landingUri` inside the bucket: '' or 'root/'. */
  readonly landingRoot: string;
  readonly iamRole: string;
  readonly maxLoadErrors: number;
  readonly telemetry: StepTelemetry;
}

/** One file of the date being loaded, as decided when the date started. */
type DayFile = {
  readonly table: string;
  readonly path: string;
  readonly gzip: boolean;
  /** The object's version, recorded in audit.loaded_files when its day is replaced. */
  readonly stamp?: FileStamp;
  /** COPY's column list; absent when the file is rejected whole. */
  readonly columns?: readonly string[];
  readonly rejected?: { readonly column: string | null; readonly rawText: string; readonly reason: string };
};

type LoadMemo = {
  readonly phase: 'setup' | 'columns' | 'stage' | 'count' | 'rejects' | 'replace' | 'record-only';
  readonly dates: readonly string[];
  readonly date: number;
  readonly batch: number;
  readonly files: readonly DayFile[];
  /** COPYs that ran, by path: their Redshift query ids. */
  readonly copies: readonly CopyRun[];
  /** Rejects per file counted so far in this run (RejectBudget.counted()). */
  readonly rejectsByFile: readonly (readonly [string, number])[];
  /** The run date's audit.loaded_files rows of tables that existed before this run; none on a full refresh. */
  readonly recorded: readonly Row[];
  readonly failure?: string;
  /** Files of the date that cannot be read whole: the date is not loaded and the step fails. */
  readonly unreadable?: readonly { readonly table: string; readonly path: string; readonly reason: string }[];
  /** rejects: the page of reject details the finished batch read (at `detailsAt`), if any. */
  readonly rejectPage?: number;
  readonly detailsAt?: number;
};

/** Marks a date that holds files that cannot be read whole (the memo's `unreadable`). */
const UNREADABLE = 'a landing file cannot be read whole';

/** Raw text of a rejected header kept in the memo (the state machine's state is limited). */
const MAX_MEMO_TEXT = 2000;

export class LoadRawDayStep implements StepProgram {
  private readonly sources: readonly PlanSource[];
  private readonly loadedAt: string;

  constructor(private readonly options: LoadRawDayOptions) {
    this.sources = options.runPlan.plan.sources;
    this.loadedAt = sqlTimestamp(options.loadedAt);
  }

  async advance(finished: FinishedBatch | undefined, memo: Memo, rows: RowReader): Promise<StepDecision> {
    if (finished === undefined) {
      const dates = await this.datesToLoad();
      this.options.telemetry.info('dates to load', { dates });
      return {
        batch: { label: 'raw setup: audit tables, schemas, raw tables', sqls: this.setupStatements() },
        memo: this.memo({ phase: 'setup', dates, date: 0, batch: 0, files: [], copies: [], rejectsByFile: [], recorded: [] }),
      };
    }
    const state = memo as unknown as LoadMemo;
    switch (state.phase) {
      case 'setup': {
        const { columns: columnsAt, recorded: recordedAt } = this.setupQueries();
        const columns = await rows(columnsAt);
        // A raw table the setup created holds nothing, whatever audit.loaded_files says: all its days load.
        const existing = new Set(columns.map((row) => String(row.table_name)));
        const recorded = recordedAt === undefined ? [] : (await rows(recordedAt)).filter((row) => existing.has(String(row.table_name)));
        const next: LoadMemo = { ...state, recorded };
        const alters = this.missingColumnStatements(columns);
        if (alters.length > 0) return { batch: { label: 'raw: add new contract columns', sqls: alters }, memo: this.memo({ ...next, phase: 'columns' }) };
        return this.startDate({ ...next, date: 0 });
      }
      case 'columns':
        return this.startDate({ ...state, date: 0 });
      case 'stage': {
        const batches = this.stageBatches(state);
        const copies = [...state.copies, ...this.copyRuns(state, batches[state.batch], finished)];
        if (state.batch + 1 < batches.length) return this.stage({ ...state, batch: state.batch + 1, copies });
        return { batch: { label: `raw ${this.dateOf(state)}: count rejects and rows`, sqls: this.countStatements({ ...state, copies }) }, memo: this.memo({ ...state, phase: 'count', batch: 0, copies }) };
      }
      case 'count':
        return this.afterCount(state, rows);
      case 'rejects':
        return this.recordRejectPage(state, rows);
      case 'replace':
      case 'record-only': {
        const batches = this.replaceBatches(state);
        if (state.batch + 1 < batches.length) return this.replace({ ...state, batch: state.batch + 1 });
        if (state.phase === 'record-only') throw this.failureOf(state);
        return this.startDate({ ...state, date: state.date + 1 });
      }
    }
  }

  private budget(state: LoadMemo): RejectBudget {
    return new RejectBudget(this.options.maxLoadErrors, state.rejectsByFile);
  }

  private failureOf(state: LoadMemo): Error {
    const [first] = state.unreadable ?? [];
    if (first === undefined) return new LoadBudgetError(state.failure ?? 'the raw load broke its error budget');
    return new UnreadableLandingFilesError(first.table, this.dateOf(state), (state.unreadable ?? []).map(({ path, reason }) => ({ path, reason })));
  }

  private memo(state: LoadMemo): Memo {
    return state as unknown as Memo;
  }

  private dateOf(state: LoadMemo): string {
    return state.dates[state.date] ?? '?';
  }

  /** The run date, or on a full refresh every landed date up to it. */
  private async datesToLoad(): Promise<string[]> {
    if (!this.options.fullRefresh) return [this.options.runDate];
    const dates = new Set<string>();
    for (const source of this.sources) {
      const prefix = `${this.options.landingRoot}raw/${source.tableName}/ingest_date=`;
      for (const { key } of await this.options.store.list(prefix)) {
        const date = /^(\d{4}-\d{2}-\d{2})\//.exec(key.slice(prefix.length))?.[1];
        if (date !== undefined && date <= this.options.runDate) dates.add(date);
      }
    }
    return [...dates].sort();
  }

  /**
   * Audit tables, schemas, then the raw tables' columns as they were before this run (a table
   * missing there is new) and, unless on a full refresh, the run date's audit.loaded_files record;
   * then the raw tables (`if not exists`).
   */
  setupStatements(): string[] {
    const schemas = new Set([...this.sources.map((source) => source.relation.schema), ...this.options.runPlan.plan.models.map((model) => model.relation.schema)]);
    const rawSchemas = [...new Set(this.sources.map((source) => source.relation.schema))];
    return [
      ...auditTableStatements(),
      ...loadedFilesTableStatements(),
      ...[...schemas].map((schema) => `create schema if not exists ${quoteIdentifier(schema)}`),
      `select table_schema, table_name, column_name from information_schema.columns
 where table_schema in (${rawSchemas.map(redshiftString).join(', ')})`,
      ...(this.options.fullRefresh ? [] : [recordedDayQuery(this.options.runDate, redshiftString)]),
      ...this.sources.map(createRawTableStatement),
    ];
  }

  /** Positions of the setup batch's two queries. */
  private setupQueries(): { readonly columns: number; readonly recorded?: number } {
    const columns = this.setupStatements().findIndex((sql) => sql.includes('information_schema.columns'));
    return this.options.fullRefresh ? { columns } : { columns, recorded: columns + 1 };
  }

  /** Contract columns missing from raw tables that existed before this run. */
  missingColumnStatements(columns: readonly Row[]): string[] {
    const present = new Set(columns.map((row) => `${String(row.table_schema)}.${String(row.table_name)}.${String(row.column_name).toLowerCase()}`));
    const existing = new Set(columns.map((row) => `${String(row.table_schema)}.${String(row.table_name)}`));
    return this.sources.filter((source) => existing.has(`${source.relation.schema}.${source.relation.name}`)).flatMap((source) => {
      const wanted = [...source.columns.map((column) => ({ name: column.name, type: redshiftColumnType(column) })), ...REDSHIFT_LOAD_COLUMNS];
      const prefix = `${source.relation.schema}.${source.relation.name}.`;
      return wanted
        .filter((column) => !present.has(prefix + column.name.toLowerCase()))
        .map((column) => `alter table ${quotedRelation(source.relation)} add column ${columnDefinition(column.name, column.type)}`);
    });
  }

  private async startDate(state: LoadMemo): Promise<StepDecision> {
    const date = state.dates[state.date];
    if (date === undefined) return { memo: {} };
    const files = await this.filesOf(state, date);
    const next: LoadMemo = { ...state, phase: 'stage', batch: 0, files, copies: [] };
    if (this.stageBatches(next).length === 0) {
      if (files.length === 0) return this.startDate({ ...state, date: state.date + 1 });
      // Only files rejected whole: nothing to COPY, but their rejects still count and are recorded.
      return { batch: { label: `raw ${date}: count rejects`, sqls: this.countStatements(next) }, memo: this.memo({ ...next, phase: 'count' }) };
    }
    return this.stage(next);
  }

  /**
   * The date's files of each table whose day changed since its last load (day-plan.ts), with each
   * file's layout decided from its header; only those files' headers are read.
   */
  private async filesOf(state: LoadMemo, date: string): Promise<DayFile[]> {
    const listing: LandingDayListing[] = [];
    for (const source of this.sources) {
      const keys = await this.options.store.list(`${this.options.landingRoot}raw/${source.tableName}/ingest_date=${date}/`);
      const objects = keys.map(({ key, sizeBytes, modifiedMs }) => ({ path: key.slice(this.options.landingRoot.length), sizeBytes, modifiedMs }));
      listing.push({ table: source.tableName, ingestDate: date, objects });
    }
    const days = landingDaysByTable(listing, this.sources.map((source) => source.tableName), [date]);
    const files: DayFile[] = [];
    const skipped: string[] = [];
    for (const source of this.sources) {
      const landed = days.get(source.tableName) ?? [];
      const recorded = this.options.fullRefresh ? undefined : recordedDaysFrom(state.recorded.filter((row) => String(row.table_name) === source.tableName));
      const plan = planDays(landed, objectStamp, recorded);
      if (plan.unchanged.length > 0) skipped.push(source.tableName);
      for (const file of plan.changed.flatMap((day) => day.files)) files.push(await this.dayFile(source, file));
    }
    if (skipped.length > 0) this.options.telemetry.info('raw date unchanged since its last load, skipped', { date, tables: skipped });
    return files;
  }

  private async dayFile(source: PlanSource, file: LandingFileToLoad): Promise<DayFile> {
    const key = `${this.options.landingRoot}${file.path}`;
    const bytes = file.sizeBytes === 0 ? new Uint8Array() : await this.options.store.head(key, HEADER_BYTES);
    const header = headerFromBytes(bytes, file.gzip, bytes.length < HEADER_BYTES);
    const layout = layoutObject(source, { ...(header === undefined ? {} : { header }), ...(file.sizeBytes === undefined ? {} : { sizeBytes: file.sizeBytes }) });
    const stamp = objectStamp(file);
    const known = { table: source.tableName, path: file.path, gzip: file.gzip, ...(stamp === undefined ? {} : { stamp }) };
    return layout.kind === 'copy'
      ? { ...known, columns: layout.columns }
      : { ...known, rejected: { column: layout.column, rawText: layout.rawText.slice(0, MAX_MEMO_TEXT), reason: layout.reason } };
  }

  private source(table: string): PlanSource {
    const source = this.sources.find((candidate) => candidate.tableName === table);
    if (source === undefined) throw new Error(`no source table '${table}' in the plan`);
    return source;
  }

  private copied(state: LoadMemo, table: string): DayFile[] {
    return state.files.filter((file) => file.table === table && file.columns !== undefined);
  }

  private tablesOf(state: LoadMemo): string[] {
    return [...new Set(state.files.map((file) => file.table))];
  }

  /** Per table: its scratch table and one COPY per file (each file's rows labelled by the next statement). */
  private stageBatches(state: LoadMemo) {
    return packGroups(this.tablesOf(state).map((table) => ({ key: table, sqls: this.stagingOf(state, table).map((statement) => statement.sql) })));
  }

  private stagingOf(state: LoadMemo, table: string) {
    const files = this.copied(state, table).map((file) => ({ path: file.path, gzip: file.gzip, columns: file.columns ?? [] }));
    if (files.length === 0) return [];
    return stagingStatements(this.source(table), files, { landingUri: this.options.landingUri, iamRole: this.options.iamRole });
  }

  private stage(state: LoadMemo): StepDecision {
    const batches = this.stageBatches(state);
    const batch = batches[state.batch];
    if (batch === undefined) throw new Error(`no stage batch ${state.batch}`);
    return { batch: { label: `raw ${this.dateOf(state)}: COPY ${state.batch + 1}/${batches.length}`, sqls: batch.sqls }, memo: this.memo(state) };
  }

  /** The query id of each COPY in a finished stage batch. */
  private copyRuns(state: LoadMemo, batch: ReturnType<LoadRawDayStep['stageBatches']>[number] | undefined, finished: FinishedBatch): CopyRun[] {
    return (batch?.groups ?? []).flatMap((group) =>
      this.stagingOf(state, group.key).flatMap((statement, index) => {
        if (statement.copies === undefined) return [];
        const queryId = finished.subStatements[group.start + index]?.RedshiftQueryId;
        if (queryId === undefined || queryId <= 0) {
          throw new Error(`the COPY of ${statement.copies} reported no Redshift query id, so its rejected rows cannot be read; the day was not loaded`);
        }
        return [{ path: statement.copies, queryId }];
      }),
    );
  }

  /** Rejects per COPY, then each table's staged rows per file, then the first page of reject details. */
  countStatements(state: LoadMemo): string[] {
    const statements = [rejectCountsQuery(state.copies)];
    for (const table of this.tablesOf(state)) {
      const files = this.copied(state, table);
      const last = files.at(-1);
      if (last === undefined) continue;
      statements.push(stagedRowsQuery(this.source(table), last.path));
    }
    if (state.copies.length > 0) statements.push(rejectDetailsQuery(state.copies, 0));
    return statements;
  }

  private async afterCount(state: LoadMemo, rows: RowReader): Promise<StepDecision> {
    const rejectsByFile = rejectCountsOf(await rows(0), state.copies);
    const rejected = [...rejectsByFile.values()].reduce((sum, count) => sum + count, 0);
    let loaded = 0;
    const tables = this.tablesOf(state).filter((table) => this.copied(state, table).length > 0);
    for (let index = 0; index < tables.length; index += 1) {
      for (const row of await rows(index + 1)) loaded += Number(row.row_count);
    }
    const budget = this.budget(state);
    const exceeded = budget.add(rejectsByFile);
    const date = this.dateOf(state);
    this.options.telemetry.metric(PIPELINE_METRICS.rowsLoaded, 'Count', loaded);
    this.options.telemetry.metric(PIPELINE_METRICS.rowsRejected, 'Count', rejected);
    this.options.telemetry.info('raw date staged', { date, rowsLoaded: loaded, rowsRejected: rejected });
    const unreadable = state.files.filter((file) => file.rejected !== undefined).map((file) => ({ table: file.table, path: file.path, reason: file.rejected?.reason ?? '' }));
    const failure = unreadable.length > 0 ? UNREADABLE : exceeded === undefined ? undefined : `${exceeded.message}; earlier dates stay loaded`;
    const next: LoadMemo = { ...state, rejectsByFile: budget.counted(), ...(failure === undefined ? {} : { failure }), ...(unreadable.length > 0 ? { unreadable } : {}) };
    const details = state.copies.length > 0 ? await rows(tables.length + 1) : [];
    return this.rejectsBatch(next, 0, details, this.wholeFileRejectStatements(next));
  }

  /** The page of reject details the finished batch read. */
  private async recordRejectPage(state: LoadMemo, rows: RowReader): Promise<StepDecision> {
    if (state.detailsAt === undefined) return this.afterRejects(state);
    return this.rejectsBatch(state, (state.rejectPage ?? 0) + 1, await rows(state.detailsAt), []);
  }

  /** Writes page `page` of the reject details (and `first`), and reads the next page in the same batch. */
  private async rejectsBatch(state: LoadMemo, page: number, details: readonly Row[], first: readonly string[]): Promise<StepDecision> {
    const inserts = this.tablesOf(state).flatMap((table) => {
      const paths = new Set(this.copied(state, table).map((file) => file.path));
      return recordRejectDetailsStatements(this.rejectContext(state, table), details, state.copies.filter((copy) => paths.has(copy.path)));
    });
    const nextPage = nextRejectDetailsQuery(state.copies, page, details);
    const more = nextPage !== undefined;
    const sqls = [...first, ...inserts, ...(nextPage === undefined ? [] : [nextPage])];
    if (sqls.length === 0) return this.afterRejects(state);
    const next: LoadMemo = { ...state, phase: 'rejects', batch: 0, rejectPage: page, ...(more ? { detailsAt: sqls.length - 1 } : { detailsAt: undefined }) };
    return { batch: { label: `raw ${this.dateOf(state)}: record rejects ${page + 1}`, sqls }, memo: this.memo(next) };
  }

  private afterRejects(state: LoadMemo): Promise<StepDecision> {
    const { rejectPage: _page, detailsAt: _at, ...rest } = state;
    return this.replace({ ...rest, phase: state.failure === undefined ? 'replace' : 'record-only', batch: 0 });
  }

  private rejectContext(state: LoadMemo, table: string): RejectContext {
    return { runId: this.options.runId, table, ingestDate: this.dateOf(state), loggedAt: this.loadedAt };
  }

  /** Files rejected whole (a header lacking contract columns), one audit row each. */
  private wholeFileRejectStatements(state: LoadMemo): string[] {
    return this.tablesOf(state).flatMap((table) => {
      const wholeFiles: RejectedFile[] = state.files
        .filter((file) => file.table === table && file.rejected !== undefined)
        .map((file) => ({ path: file.path, kind: 'rejected', column: file.rejected?.column ?? null, rawText: file.rejected?.rawText ?? '', reason: file.rejected?.reason ?? '' }));
      return recordRejectedFilesStatements(this.rejectContext(state, table), wholeFiles);
    });
  }

  /** Per table, one group: the day replaced and its files recorded (past the budget, left as it was), and the scratch dropped. */
  private replaceBatches(state: LoadMemo) {
    const date = this.dateOf(state);
    return packGroups(
      this.tablesOf(state).map((table) => {
        const source = this.source(table);
        const files = this.copied(state, table);
        if (files.length === 0) return { key: table, sqls: [] };
        if (state.phase !== 'replace') return { key: table, sqls: [dropScratchStatement(source)] };
        const stamps = stampsToRecord(state.files.filter((file) => file.table === table).map((file) => file.stamp));
        return { key: table, sqls: commitDayStatements(source, date, files.at(-1)?.path, stamps, { runId: this.options.runId, loadedAt: this.loadedAt }) };
      }),
    );
  }

  private async replace(state: LoadMemo): Promise<StepDecision> {
    const batches = this.replaceBatches(state);
    const batch = batches[state.batch];
    if (batch === undefined) {
      if (state.phase === 'record-only') throw this.failureOf(state);
      return this.startDate({ ...state, date: state.date + 1 });
    }
    const what = state.phase === 'replace' ? 'replace days' : 'record rejects only';
    return { batch: { label: `raw ${this.dateOf(state)}: ${what} ${state.batch + 1}/${batches.length}`, sqls: batch.sqls }, memo: this.memo(state) };
  }
}
