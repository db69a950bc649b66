/**
 * One held DuckDB connection. DuckDB keeps temporary tables, reject tables and the open
 * transaction per connection, so work that depends on them runs through one of these.
 */
import type { DuckDBConnection, DuckDBMaterializedResult } from '@duckdb/node-api';
import type { CountedRows, Row } from '../engine.ts';
import { rowsFromReader, rowsFromStructList } from './duckdb-values.ts';
import { StatementError } from './statement-error.ts';

export class DuckDbConnection {
  constructor(
    private readonly connection: DuckDBConnection,
    /** Called with each statement and its seconds (the engine forwards it to `onStatement`). */
    private readonly report: (sql: string, seconds: number) => void,
  ) {}

  async execute(sql: string): Promise<void> {
    await this.timed(sql, () => this.connection.run(sql));
  }

  async query(sql: string): Promise<Row[]> {
    return this.timed(sql, async () => rowsFromReader(await this.connection.runAndReadAll(sql)));
  }

  /**
   * Engine.countWithSample: `min_by` with a count keeps only `sampleSize` rows in a bounded heap,
   * whatever the count, so the query's rows are read once and never held whole.
   */
  async countWithSample(sql: string, sampleSize: number): Promise<CountedRows> {
    const counted = `select count(*) as failures, min_by(counted_rows, 0, ${sampleSize}) as sample from (${sql}\n) counted_rows`;
    return this.timed(counted, async () => {
      // An aggregate without GROUP BY answers one row, of the two columns asked for.
      const reader = await this.connection.runAndReadAll(counted);
      const [values] = reader.getRows();
      const [, sampleType] = reader.columnTypes();
      return { count: Number(values?.[0] ?? 0), sample: sampleType === undefined ? [] : rowsFromStructList(values?.[1] ?? null, sampleType) };
    });
  }

  /**
   * BEGIN … COMMIT; on any failure ROLLBACK and throw a StatementError naming the statement.
   * Resolves with the row count DuckDB reported for the last statement (rowsWritten).
   */
  async transaction(statements: readonly string[]): Promise<number | undefined> {
    await this.execute('begin transaction');
    let last: DuckDBMaterializedResult | undefined;
    for (const [index, statement] of statements.entries()) {
      const started = performance.now();
      try {
        last = await this.connection.run(statement);
      } catch (error) {
        await this.rollback();
        throw new StatementError(statement, error, { index, count: statements.length });
      } finally {
        this.report(statement, (performance.now() - started) / 1000);
      }
    }
    try {
      await this.execute('commit');
    } catch (error) {
      await this.rollback();
      throw error;
    }
    return last === undefined ? undefined : rowsWritten(last);
  }

  /**
   * BEGIN, then `work` (which may query between statements), then COMMIT; ROLLBACK if `work`
   * or the commit throws, and rethrow its error unchanged.
   */
  async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.execute('begin transaction');
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.rollback();
      throw error;
    }
    try {
      await this.execute('commit');
    } catch (error) {
      await this.rollback();
      throw error;
    }
    return result;
  }

  private async rollback(): Promise<void> {
    // A failed statement may already have aborted the transaction; rollback then only resets state.
    await this.connection.run('rollback').catch(() => undefined);
  }

  private async timed<T>(sql: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } catch (error) {
      throw new StatementError(sql, error);
    } finally {
      this.report(sql, (performance.now() - started) / 1000);
    }
  }
}

/**
 * The rows a statement wrote: DuckDB answers an INSERT and a CREATE TABLE AS with one row of one
 * column, `Count` (its rowsChanged is 0 for a CREATE TABLE AS); other statements report none.
 */
async function rowsWritten(result: DuckDBMaterializedResult): Promise<number | undefined> {
  if (result.columnCount !== 1 || result.columnName(0) !== 'Count') return undefined;
  const [row] = await result.getRows();
  return row === undefined ? undefined : Number(row[0]);
}
