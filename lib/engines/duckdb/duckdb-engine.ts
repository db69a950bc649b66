/**
 * The embedded warehouse engine (docs/architecture.md, "Engines"): one DuckDB instance (a file, or
 * `:memory:`) and a small pool of connections so the runner may keep `concurrency` calls in
 * flight. Row values are converted as documented in duckdb-values.ts.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Relation } from '../../plan/plan.ts';
import { sqlString } from '../../sql/literals.ts';
import type { CountedRows, Dialect, Engine, RelationKind, Row } from '../engine.ts';
import { runHeld } from '../held-transaction.ts';
import { lookUpRelationKinds, matchingRelations } from '../relation-kinds.ts';
import { ConnectionPool } from './connection-pool.ts';
import { duckDbDialect } from './duckdb-dialect.ts';
import { DuckDbConnection } from './duckdb-connection.ts';
import { retryAloneWhenOutOfMemory } from './out-of-memory-retry.ts';

export interface DuckDbEngineOptions {
  /** A database file (its folder is created if needed) or `:memory:`. */
  readonly path: string;
  /** DuckDB worker threads. @default DuckDB's default (one per core) */
  readonly threads?: number;
  /** Connections, i.e. how many calls may run at once. @default 2 */
  readonly concurrency?: number;
  /**
   * DuckDB's memory limit (`memory_limit`: its buffer pool of cached blocks and operator state).
   * Past it DuckDB evicts cached blocks and spills sorts, joins and aggregates to a temporary
   * folder next to the database file. The whole process stays within about twice this: at
   * scale 10 a build peaks at 840 to 910 MiB with the default (with the allocator settings below),
   * against 4 GB with DuckDB's own default (80% of RAM). 450MB peaked at 916 to 1,014 MiB in the
   * same builds, no faster at scale 1 or 10. Before tables were built without keeping the scan order
   * (below), 400MB ran out of memory when two large marts built at once.
   * @default '400MB'
   */
  readonly memoryLimit?: string;
  /**
   * Compress text columns (DuckDB's FSST and dictionary encodings). They make the file about
   * three times smaller but more than double the CPU time of every table write; a local
   * warehouse is rebuilt often and read little, so speed wins by default.
   * @default false
   */
  readonly compressText?: boolean;
}

const IN_MEMORY = ':memory:';
export const DEFAULT_MEMORY_LIMIT = '400MB';

export class DuckDbEngine implements Engine {
  readonly target = 'duckdb' as const;
  readonly dialect: Dialect = duckDbDialect;
  onStatement?: (sql: string, seconds: number) => void;
  onWarning?: (message: string) => void;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly pool: ConnectionPool,
    readonly path: string,
  ) {}

  static async open(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
    const path = options.path === IN_MEMORY ? IN_MEMORY : resolve(options.path);
    if (path !== IN_MEMORY) await mkdir(dirname(path), { recursive: true });
    const config: Record<string, string> = { memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT };
    if (options.threads !== undefined) config.threads = String(options.threads);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (error) {
      throw new Error(`cannot open DuckDB database ${path}: ${(error as Error).message}`, { cause: error });
    }
    try {
      const pool = await ConnectionPool.open(instance, options.concurrency ?? 2);
      const engine = new DuckDbEngine(instance, pool, path);
      // Passed to DuckDBInstance.create this setting is silently ignored (1.5.6); SET GLOBAL works.
      if (options.compressText !== true) await engine.execute(`set global disabled_compression_methods = 'fsst,dictionary'`);
      // Memory the buffer pool gave back stays mapped in the allocator's caches until it flushes them,
      // by default only past 128 MiB: flushing from 16 MiB, on a background thread, took about 100 MiB
      // off the scale-10 incremental day's peak at the same CPU seconds.
      await engine.execute(`set global allocator_flush_threshold = '16MB'`);
      await engine.execute('set global allocator_background_threads = true');
      // A table's rows have no order (every model and test orders what it needs), and keeping the scan's
      // order makes each CREATE TABLE AS hold its batches in memory until they can be written in order:
      // at scale 10 two connections' builds then ran out of the memory limit (mart_customer_360 beside
      // mart_account_features' increment), which DuckDB's error names this setting for. A raw load's
      // large inserts also append and commit much faster without it.
      await engine.execute('set global preserve_insertion_order = false');
      return engine;
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  }

  get concurrency(): number {
    return this.pool.size;
  }

  async execute(sql: string): Promise<void> {
    await this.withConnection((connection) => connection.execute(sql));
  }

  async transaction(statements: readonly string[]): Promise<void> {
    await this.countedTransaction(statements);
  }

  query(sql: string): Promise<Row[]> {
    return this.aloneWhenOutOfMemory([sql], (connection) => connection.query(sql));
  }

  /** DuckDB answers a CREATE TABLE AS, as an INSERT, with one row: its `Count` of rows written. */
  countedTransaction(statements: readonly string[]): Promise<number | undefined> {
    return this.aloneWhenOutOfMemory(statements, (connection) => connection.transaction(statements));
  }

  countWithSample(sql: string, sampleSize: number): Promise<CountedRows> {
    return this.aloneWhenOutOfMemory([sql], (connection) => connection.countWithSample(sql, sampleSize));
  }

  /**
   * Runs `work` on a pooled connection and, when it ran out of memory beside other statements, once
   * more with the pool to itself: a query only reads, and a transaction that failed rolled back whole.
   */
  private aloneWhenOutOfMemory<T>(statements: readonly string[], work: (connection: DuckDbConnection) => Promise<T>): Promise<T> {
    return retryAloneWhenOutOfMemory(
      () => this.withConnection(work),
      () => this.pool.useAlone((connection) => work(this.wrap(connection))),
      () => this.warnRetriedAlone(statements),
    );
  }

  private warnRetriedAlone(statements: readonly string[]): void {
    this.onWarning?.(`ran out of DuckDB's memory_limit beside other statements, so it ran again alone, waiting for them: ${statementHead(statements)}`);
  }

  async relationKind(relation: Relation): Promise<RelationKind | undefined> {
    const [kind] = await this.relationKinds([relation]);
    return kind;
  }

  relationKinds(relations: readonly Relation[]): Promise<(RelationKind | undefined)[]> {
    return lookUpRelationKinds(relations, relationKindsQuery, (sql) => this.query(sql));
  }

  /**
   * On a connection of its own rather than a pooled one: `work` may wait on the pool meanwhile (the
   * runner records results as they come), which two held pooled connections would starve.
   */
  async inTransaction<T>(work: (held: Engine) => Promise<T>): Promise<T> {
    const own = await this.instance.connect();
    try {
      const connection = this.wrap(own);
      // Its audit's queries read whole tables, which can run out of memory beside other statements too.
      const retryRead = <T>(read: () => Promise<T>, sql: string): Promise<T> => retryAloneWhenOutOfMemory(read, () => this.pool.useAlone(read), () => this.warnRetriedAlone([sql]));
      return await connection.inTransaction(() => runHeld(connection, { target: this.target, dialect: this.dialect, relationKindsQuery, retryRead }, work));
    } finally {
      own.closeSync();
    }
  }

  /**
   * Holds one pooled connection for a unit of work that needs connection state: temporary
   * tables, DuckDB's per-connection reject tables, or several transactions in a row.
   */
  async withConnection<T>(work: (connection: DuckDbConnection) => Promise<T>): Promise<T> {
    return this.pool.use((connection) => work(this.wrap(connection)));
  }

  async close(): Promise<void> {
    this.pool.close();
    this.instance.closeSync();
  }

  private wrap(connection: DuckDBConnection): DuckDbConnection {
    return new DuckDbConnection(connection, (sql, seconds) => this.report(sql, seconds));
  }

  private report(sql: string, seconds: number): void {
    this.onStatement?.(sql, seconds);
  }
}

function relationKindsQuery(relations: readonly Relation[]): string {
  return `select schema_name, table_name as relation_name, 'table' as kind from duckdb_tables()
        where database_name = current_database()
          and (${matchingRelations(relations, { schema: 'schema_name', name: 'table_name' }, sqlString)})
       union all
       select schema_name, view_name as relation_name, 'view' as kind from duckdb_views()
        where database_name = current_database()
          and (${matchingRelations(relations, { schema: 'schema_name', name: 'view_name' }, sqlString)})`;
}

/** The first words of a transaction's first statement that is not a comment, to name it in a warning. */
function statementHead(statements: readonly string[]): string {
  const text = (statements[0] ?? '').replace(/--[^\n]*/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
