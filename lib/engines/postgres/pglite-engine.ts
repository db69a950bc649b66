/**
 * The Postgres engine (docs/architecture.md, "Engines"): real Postgres 18 compiled to WASM (PGlite),
 * embedded in the process, in memory or on a data directory. It stands in for Redshift's
 * Postgres lineage in conformance runs and backs `--target postgres`.
 *
 * PGlite is a single backend with a single session, so the engine's concurrency is 1 and every
 * call waits its turn in a queue (serial-queue.ts). Row values are converted exactly as the
 * DuckDB engine's are (postgres-values.ts). Each session is pinned to UTC, ISO dates and
 * shortest-exact float output, whatever the data directory's defaults.
 *
 * A data directory must be used by one process at a time: PGlite takes no lock on it.
 */
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Relation } from '../../plan/plan.ts';
import { sqlString } from '../../sql/literals.ts';
import type { Dialect, Engine, RelationKind, Row } from '../engine.ts';
import { runHeld } from '../held-transaction.ts';
import { lookUpRelationKinds, matchingRelations } from '../relation-kinds.ts';
import { postgresDialect } from './postgres-dialect.ts';
import { PostgresSession } from './postgres-session.ts';
import { postgresParsers } from './postgres-values.ts';
import { openCluster } from './pristine-cluster.ts';
import { SerialQueue } from './serial-queue.ts';

export interface PgliteEngineOptions {
  /** A data directory (created, with its parent folders, if needed). @default in memory */
  readonly dataDir?: string;
}

const SESSION_SETTINGS = [
  "set timezone = 'UTC'",
  "set datestyle = 'ISO, YMD'",
  "set intervalstyle = 'postgres'",
  'set extra_float_digits = 1',
  // `drop … if exists` and friends send NOTICEs that nobody reads.
  'set client_min_messages = warning',
];

export class PgliteEngine implements Engine {
  readonly target = 'postgres' as const;
  readonly dialect: Dialect = postgresDialect;
  readonly concurrency = 1;
  onStatement?: (sql: string, seconds: number) => void;

  private readonly queue = new SerialQueue();
  private readonly session: PostgresSession;

  private constructor(
    private readonly database: PGlite,
    /** The data directory, or undefined in memory. */
    readonly dataDir: string | undefined,
  ) {
    this.session = new PostgresSession(database, (sql, seconds) => this.onStatement?.(sql, seconds));
  }

  static async open(options: PgliteEngineOptions = {}): Promise<PgliteEngine> {
    const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
    let database: PGlite;
    try {
      database = await openCluster(dataDir, { parsers: postgresParsers });
    } catch (error) {
      const where = dataDir ?? 'in memory';
      throw new Error(`cannot open Postgres (PGlite) database ${where}: ${(error as Error).message}`, { cause: error });
    }
    try {
      await database.exec(SESSION_SETTINGS.join(';\n'));
    } catch (error) {
      await database.close();
      throw error;
    }
    return new PgliteEngine(database, dataDir);
  }

  async execute(sql: string): Promise<void> {
    await this.exclusive((session) => session.execute(sql));
  }

  async transaction(statements: readonly string[]): Promise<void> {
    await this.exclusive((session) => session.transaction(statements));
  }

  async query(sql: string): Promise<Row[]> {
    return this.exclusive((session) => session.query(sql));
  }

  /** Postgres tags a CREATE TABLE AS `SELECT n`, n its rows (postgres-session.ts). */
  countedTransaction(statements: readonly string[]): Promise<number | undefined> {
    return this.exclusive((session) => session.transaction(statements));
  }

  async relationKind(relation: Relation): Promise<RelationKind | undefined> {
    const [kind] = await this.relationKinds([relation]);
    return kind;
  }

  relationKinds(relations: readonly Relation[]): Promise<(RelationKind | undefined)[]> {
    return lookUpRelationKinds(relations, relationKindsQuery, (sql) => this.query(sql));
  }

  /** Holds the session (exclusive) for the whole transaction: any other call waits until it ends. */
  inTransaction<T>(work: (held: Engine) => Promise<T>): Promise<T> {
    return this.exclusive((session) => session.inTransaction(() => runHeld(session, { target: this.target, dialect: this.dialect, relationKindsQuery }, work)));
  }

  /**
   * Holds the session for a unit of work that spans calls: a transaction with queries between
   * its statements, temporary tables, COPY. Inside `work`, use the session it is given: calling
   * the engine itself would wait behind `work` forever.
   */
  exclusive<T>(work: (session: PostgresSession) => Promise<T>): Promise<T> {
    return this.queue.run(() => work(this.session));
  }

  /** Lets the call in flight finish, rejects calls still waiting and any later one, then closes. */
  async close(): Promise<void> {
    const drained = this.queue.drained();
    this.queue.close('Postgres engine is closed');
    await drained;
    if (!this.database.closed) await this.database.close();
  }
}

// Temporary relations live in pg_temp_N and never match a warehouse schema name.
function relationKindsQuery(relations: readonly Relation[]): string {
  return `select n.nspname as schema_name, c.relname as relation_name,
              case when c.relkind in ('v', 'm') then 'view' else 'table' end as kind
         from pg_catalog.pg_class as c
         join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'f', 'v', 'm')
          and (${matchingRelations(relations, { schema: 'n.nspname', name: 'c.relname' }, sqlString)})`;
}
