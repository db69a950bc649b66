import type { ModelConfig, Relation, TargetName } from '../plan/plan.ts';

/** A result row with JSON-friendly values: numbers, strings, booleans, null (dates and timestamps as ISO strings). */
export type Row = Record<string, string | number | boolean | null>;

export type RelationKind = 'table' | 'view';

/** Engine.countWithSample's answer: every row counted, some of them kept. */
export interface CountedRows {
  readonly count: number;
  readonly sample: Row[];
}

/** Per-engine DDL. Each method returns statements; the runner decides which run together in one transaction. */
export interface Dialect {
  createSchema(schema: string): string;
  /** Its last statement is the CREATE TABLE AS (whose row count Engine.countedTransaction reports). */
  createTableAs(relation: Relation, select: string, config: ModelConfig): string[];
  createView(relation: Relation, select: string): string[];
  dropRelation(relation: Relation, kind: RelationKind): string;
  /** Replace `target` (of kind `existing`, if any) by `staged`, which becomes `target`. Run in one transaction. */
  swap(staged: Relation, target: Relation, kind: RelationKind, existing: RelationKind | undefined): string[];
}

/**
 * The small interface every warehouse engine implements (docs/architecture.md, "Engines").
 * Calls may be issued concurrently; each call is atomic on its own.
 */
export interface Engine {
  readonly target: TargetName;
  readonly dialect: Dialect;
  /** How many calls the runner may have in flight at once. */
  readonly concurrency: number;
  execute(sql: string): Promise<void>;
  /** Run every statement or none of them. */
  transaction(statements: readonly string[]): Promise<void>;
  query(sql: string): Promise<Row[]>;
  /**
   * Runs `statements` as `transaction` does and resolves with the row count the engine reported
   * for the last one (a CREATE TABLE AS: the rows of the table it created; an INSERT: the rows it
   * inserted), or undefined when it reported none (DDL). Only engines that report a CREATE TABLE
   * AS's rows exactly have it (DuckDB, Postgres); whoever needs a table's rows without it counts them.
   */
  countedTransaction?(statements: readonly string[]): Promise<number | undefined>;
  /**
   * How many rows `sql` returns, and up to `sampleSize` of them, from one read of them: a failing
   * test's count and its sample without running its query twice. Only DuckDB has it (a count beside
   * a bounded top-n aggregate of whole rows); elsewhere the runner counts, then reads a sample when
   * the count says the test did not pass.
   */
  countWithSample?(sql: string, sampleSize: number): Promise<CountedRows>;
  relationKind(relation: Relation): Promise<RelationKind | undefined>;
  /**
   * Each relation's kind, in the order given (undefined: nothing of that name), from one catalog
   * query (relation-kinds.ts); a failed lookup is an error naming the relations.
   */
  relationKinds(relations: readonly Relation[]): Promise<(RelationKind | undefined)[]>;
  /**
   * Runs `work` in one transaction on one connection held for it alone, giving it an Engine whose
   * every call runs in that transaction (held-transaction.ts): committed when `work` resolves,
   * rolled back when it throws. `work` must not wait on this engine's other calls meanwhile (PGlite
   * has one session). The local engines have it; Redshift's Data API holds no connection between
   * calls (a transaction is one batch), so it does not.
   */
  inTransaction?<T>(work: (held: Engine) => Promise<T>): Promise<T>;
  /** Every statement sent is reported here when set (for `--debug`). */
  onStatement?: (sql: string, seconds: number) => void;
  /** What the engine did other than asked and still succeeded with (DuckDB's out-of-memory retry), when set. */
  onWarning?: (message: string) => void;
  close(): Promise<void>;
}
