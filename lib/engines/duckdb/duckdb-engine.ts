/**
 * The embedded warehouse engine (DESIGN.md, "Engines"): one DuckDB instance (a file, or
 * `:memory:`) and a small pool of connections so the runner may keep `concurrency` calls in
 * flight. Row values are converted as documented in duckdb-values.ts.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Relation } from '../../plan/plan.ts';
import { sqlString } from '../../sql/literals.ts';
import type { Dialect, Engine, RelationKind, Row } from '../engine.ts';
import { ConnectionPool } from './connection-pool.ts';
import { duckDbDialect } from './duckdb-dialect.ts';
import { DuckDbConnection } from './duckdb-connection.ts';

export interface DuckDbEngineOptions {
  /** A database file (its folder is created if needed) or `:memory:`. */
  readonly path: string;
  /** DuckDB worker threads. @default DuckDB's default (one per core) */
  readonly threads?: number;
  /** Connections, i.e. how many calls may run at once. @default 2 */
  readonly concurrency?: number;
}

const IN_MEMORY = ':memory:';

export class DuckDbEngine implements Engine {
  readonly target = 'duckdb' as const;
  readonly dialect: Dialect = duckDbDialect;
  onStatement?: (sql: string, seconds: number) => void;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly pool: ConnectionPool,
    readonly path: string,
  ) {}

  static async open(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
    const path = options.path === IN_MEMORY ? IN_MEMORY : resolve(options.path);
    if (path !== IN_MEMORY) await mkdir(dirname(path), { recursive: true });
    const config: Record<string, string> = {};
    if (options.threads !== undefined) config.threads = String(options.threads);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (error) {
      throw new Error(`cannot open DuckDB database ${path}: ${(error as Error).message}`, { cause: error });
    }
    try {
      const pool = await ConnectionPool.open(instance, options.concurrency ?? 2);
      return new DuckDbEngine(instance, pool, path);
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
    await this.withConnection((connection) => connection.transaction(statements));
  }

  async query(sql: string): Promise<Row[]> {
    return this.withConnection((connection) => connection.query(sql));
  }

  async relationKind(relation: Relation): Promise<RelationKind | undefined> {
    const schema = sqlString(relation.schema);
    const name = sqlString(relation.name);
    const rows = await this.query(
      `select 'table' as kind from duckdb_tables()
        where database_name = current_database() and schema_name = ${schema} and table_name = ${name}
       union all
       select 'view' as kind from duckdb_views()
        where database_name = current_database() and schema_name = ${schema} and view_name = ${name}`,
    );
    return rows[0]?.kind as RelationKind | undefined;
  }

  /**
   * Holds one pooled connection for a unit of work that needs connection state: temporary
   * tables, DuckDB's per-connection reject tables, or several transactions in a row.
   */
  async withConnection<T>(work: (connection: DuckDbConnection) => Promise<T>): Promise<T> {
    return this.pool.use((connection) => work(new DuckDbConnection(connection, (sql, seconds) => this.report(sql, seconds))));
  }

  async close(): Promise<void> {
    this.pool.close();
    this.instance.closeSync();
  }

  private report(sql: string, seconds: number): void {
    this.onStatement?.(sql, seconds);
  }
}
