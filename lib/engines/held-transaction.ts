/**
 * An Engine whose every call runs inside one open transaction on one held connection (DuckDB's
 * own connection, or PGlite's one session), for work that must see its own uncommitted writes and
 * end as one commit or one rollback: an increment merged into its published table, audited and
 * published (lib/runner/model-publisher.ts). The engine that lent the connection begins the
 * transaction before the work and commits it after (engine.ts, inTransaction).
 *
 * A failed statement aborts the whole transaction on Postgres, and on DuckDB every error but a
 * binder error does; DuckDB has no savepoints. Yet a caller may go on after a failure (a data
 * test whose query fails is one failed test, not a failed audit), so after any failed call the
 * transaction is rolled back, begun again and the writes that succeeded so far are run again, in
 * order; then the call's error is thrown. A `transaction` call's writes count only once all of
 * them ran, so a failed one leaves nothing behind, as the engines' transactions do.
 */
import type { Relation, TargetName } from '../plan/plan.ts';
import type { CountedRows, Dialect, Engine, RelationKind, Row } from './engine.ts';
import { lookUpRelationKinds, type RelationKindsQuery } from './relation-kinds.ts';

/** What the held connection runs: statements inside the open transaction (begin and commit are its owner's). */
export interface HeldSession {
  execute(sql: string): Promise<void>;
  query(sql: string): Promise<Row[]>;
  /** Engine.countWithSample, when the engine has it. */
  countWithSample?(sql: string, sampleSize: number): Promise<CountedRows>;
}

export interface HeldEngineOptions {
  readonly target: TargetName;
  readonly dialect: Dialect;
  /** The engine's catalog query for relations' kinds (relation-kinds.ts). */
  readonly relationKindsQuery: RelationKindsQuery;
  /**
   * Runs a read (a query, a counted test query) that may run it once more after a failure the
   * engine knows to be transient: DuckDB's out-of-memory beside other statements. The read is
   * guarded, so a retry runs in the transaction restored with its writes. @default runs it once
   */
  readonly retryRead?: <T>(read: () => Promise<T>, sql: string) => Promise<T>;
}

export class HeldTransaction implements Engine {
  readonly target: TargetName;
  readonly dialect: Dialect;
  readonly concurrency = 1;
  readonly countWithSample?: (sql: string, sampleSize: number) => Promise<CountedRows>;
  /** The writes that succeeded, in order: what restoring the transaction runs again. */
  private readonly writes: string[] = [];
  /** Set when the transaction could not be restored after a failure: nothing more runs in it. */
  private broken: Error | undefined;

  constructor(
    private readonly session: HeldSession,
    private readonly options: HeldEngineOptions,
  ) {
    this.target = options.target;
    this.dialect = options.dialect;
    const { countWithSample } = session;
    if (countWithSample !== undefined) this.countWithSample = (sql, sampleSize) => this.read(() => countWithSample.call(session, sql, sampleSize), sql);
  }

  async execute(sql: string): Promise<void> {
    await this.guarded(() => this.session.execute(sql));
    this.writes.push(sql);
  }

  async transaction(statements: readonly string[]): Promise<void> {
    await this.guarded(async () => {
      for (const statement of statements) await this.session.execute(statement);
    });
    this.writes.push(...statements);
  }

  async query(sql: string): Promise<Row[]> {
    return this.read(() => this.session.query(sql), sql);
  }

  async relationKind(relation: Relation): Promise<RelationKind | undefined> {
    const [kind] = await this.relationKinds([relation]);
    return kind;
  }

  relationKinds(relations: readonly Relation[]): Promise<(RelationKind | undefined)[]> {
    return lookUpRelationKinds(relations, this.options.relationKindsQuery, (sql) => this.query(sql));
  }

  /** The connection belongs to the engine that lent it; closing it is that engine's business. */
  close(): Promise<void> {
    return Promise.reject(new Error('a held transaction is not closed by its user: it commits or rolls back when its work ends'));
  }

  /** Throws when a failure left the transaction unusable, so that its owner rolls back instead of committing. */
  assertUsable(): void {
    if (this.broken !== undefined) throw this.broken;
  }

  private read<T>(call: () => Promise<T>, sql: string): Promise<T> {
    const guarded = (): Promise<T> => this.guarded(call);
    return this.options.retryRead === undefined ? guarded() : this.options.retryRead(guarded, sql);
  }

  private async guarded<T>(call: () => Promise<T>): Promise<T> {
    this.assertUsable();
    try {
      return await call();
    } catch (error) {
      await this.restore();
      throw error;
    }
  }

  private async restore(): Promise<void> {
    try {
      await this.session.execute('rollback');
      await this.session.execute('begin transaction');
      for (const statement of this.writes) await this.session.execute(statement);
    } catch (error) {
      this.broken = new Error(`the held transaction could not be restored after a failed statement: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** Runs `work` on a HeldTransaction over `session`, inside the transaction its owner opened; throws if the transaction was left unusable. */
export async function runHeld<T>(session: HeldSession, options: HeldEngineOptions, work: (held: Engine) => Promise<T>): Promise<T> {
  const held = new HeldTransaction(session, options);
  const result = await work(held);
  held.assertUsable();
  return result;
}
