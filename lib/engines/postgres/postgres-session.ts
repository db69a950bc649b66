/**
 * The one PGlite session, used by whoever holds the engine's queue (pglite-engine.ts). Every
 * statement is timed and reported, and a failure becomes a PostgresStatementError naming it.
 * Statements go over the simple query protocol (`exec`), as psql sends them: DDL, DO blocks and
 * COPY need no parameters, and results come back as text for postgres-values.ts to convert.
 */
import type { PGlite, Results } from '@electric-sql/pglite';
import type { Row } from '../engine.ts';
import { PostgresStatementError } from './postgres-statement-error.ts';
import { rowsFromArrays } from './postgres-values.ts';

export class PostgresSession {
  constructor(
    private readonly database: PGlite,
    /** Called with each statement and its seconds (the engine forwards it to `onStatement`). */
    private readonly report: (sql: string, seconds: number) => void,
  ) {}

  async execute(sql: string): Promise<void> {
    await this.timed(sql, () => this.database.exec(sql));
  }

  /** The rows of the statement's last result set. */
  async query(sql: string): Promise<Row[]> {
    const results = await this.timed(sql, () => this.database.exec(sql, { rowMode: 'array' }));
    return rowsOf(results.at(-1));
  }

  /** A `COPY … FROM '/dev/blob'` statement, reading `data` as the file. */
  async copyFrom(sql: string, data: Blob): Promise<void> {
    await this.timed(sql, () => this.database.query(sql, [], { blob: data }));
  }

  /**
   * BEGIN … COMMIT; on any failure ROLLBACK and throw a PostgresStatementError naming the statement.
   * Resolves with the row count of the last statement's command tag: `SELECT n` for a CREATE
   * TABLE AS, `INSERT 0 n` for an INSERT, none for other DDL
   * (https://www.postgresql.org/docs/current/protocol-message-formats.html, CommandComplete).
   */
  async transaction(statements: readonly string[]): Promise<number | undefined> {
    await this.execute('begin');
    let last: Results[] = [];
    for (const [index, statement] of statements.entries()) {
      const started = performance.now();
      try {
        last = await this.database.exec(statement);
      } catch (error) {
        await this.rollback();
        throw new PostgresStatementError(statement, error, { index, count: statements.length });
      } finally {
        this.report(statement, (performance.now() - started) / 1000);
      }
    }
    await this.commit();
    return last.at(-1)?.rowCount;
  }

  /**
   * BEGIN, then `work` (which may query between statements), then COMMIT; ROLLBACK if `work`
   * or the commit throws, and rethrow its error unchanged.
   */
  async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.execute('begin');
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.rollback();
      throw error;
    }
    await this.commit();
    return result;
  }

  private async commit(): Promise<void> {
    let results: Results[];
    try {
      results = await this.timed('commit', () => this.database.exec('commit'));
    } catch (error) {
      await this.rollback();
      throw error;
    }
    // Postgres answers COMMIT of a transaction that an earlier (caught) error aborted with a
    // ROLLBACK tag and no error; treating that as a commit would silently lose the work.
    if (results.at(-1)?.command === 'ROLLBACK') {
      throw new PostgresStatementError('commit', new Error('an earlier statement failed, so Postgres rolled the transaction back'));
    }
  }

  private async rollback(): Promise<void> {
    // After a failed statement Postgres has already aborted the transaction; rollback ends it.
    await this.database.exec('rollback').catch(() => undefined);
  }

  private async timed<T>(sql: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } catch (error) {
      throw new PostgresStatementError(sql, error);
    } finally {
      this.report(sql, (performance.now() - started) / 1000);
    }
  }
}

function rowsOf(result: Results | undefined): Row[] {
  if (!result) return [];
  return rowsFromArrays(
    result.fields.map((field) => field.name),
    result.rows as unknown as unknown[][],
  );
}
