import { firstLine } from '../../sql/statement-text.ts';

/** A statement DuckDB refused. The message starts with the statement's first line so a `--debug` reader can find it. */
export class StatementError extends Error {
  constructor(
    readonly statement: string,
    cause: unknown,
    readonly position?: { readonly index: number; readonly count: number },
  ) {
    const where = position ? ` (statement ${position.index + 1} of ${position.count} of a transaction, rolled back)` : '';
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`DuckDB statement failed${where}: ${firstLine(statement)}\n${reason}`, { cause });
    this.name = 'StatementError';
  }
}
