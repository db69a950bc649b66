/**
 * The Redshift Data API's request limits: at most 40 SQL statements per BatchExecuteStatement
 * and 100 KB per statement (the service answers a larger one with a ValidationException,
 * "Cannot process query string larger than 100kB"). Checked before anything is sent, so a
 * statement or transaction that cannot run fails at once with a message naming the limit.
 *
 * A transaction is never split across batches: each batch commits on its own, so a split would
 * break its atomicity. Non-transactional bulk work may be split (`splitIntoBatches`).
 */
import { firstLine } from '../../sql/statement-text.ts';

export const MAX_BATCH_STATEMENTS = 40;
/** 100 KB counted as 100 × 1024 bytes of UTF-8, as the service counts the query string. */
export const MAX_STATEMENT_BYTES = 100 * 1024;

export class StatementTooLargeError extends Error {
  constructor(
    readonly statement: string,
    readonly bytes: number,
    readonly position?: { readonly index: number; readonly count: number },
  ) {
    const where = position ? `statement ${position.index + 1} of ${position.count}` : 'a statement';
    super(
      `${where} is ${bytes} bytes of SQL, over the Redshift Data API limit of ${MAX_STATEMENT_BYTES} bytes (100 KB) ` +
        `per statement; nothing was sent: ${firstLine(statement)}`,
    );
    this.name = 'StatementTooLargeError';
  }
}

export class TransactionTooLargeError extends Error {
  constructor(readonly statements: readonly string[]) {
    super(
      `a transaction of ${statements.length} statements does not fit one Redshift Data API batch ` +
        `(at most ${MAX_BATCH_STATEMENTS} statements per BatchExecuteStatement); it was not split, because ` +
        `separate batches commit separately and the transaction would no longer be atomic; nothing was sent. ` +
        `First statement: ${firstLine(statements[0] ?? '')}`,
    );
    this.name = 'TransactionTooLargeError';
  }
}

export function statementBytes(sql: string): number {
  return Buffer.byteLength(sql, 'utf8');
}

export function checkStatementSize(sql: string, position?: { index: number; count: number }): void {
  const bytes = statementBytes(sql);
  if (bytes > MAX_STATEMENT_BYTES) throw new StatementTooLargeError(sql, bytes, position);
}

/** Throws unless the statements can run as one BatchExecuteStatement. */
export function checkTransactionFits(statements: readonly string[]): void {
  if (statements.length > MAX_BATCH_STATEMENTS) throw new TransactionTooLargeError(statements);
  statements.forEach((sql, index) => checkStatementSize(sql, { index, count: statements.length }));
}

/** Consecutive batches of at most 40 statements, in order, for work that need not be atomic as a whole. */
export function splitIntoBatches(statements: readonly string[]): string[][] {
  statements.forEach((sql, index) => checkStatementSize(sql, { index, count: statements.length }));
  const batches: string[][] = [];
  for (let start = 0; start < statements.length; start += MAX_BATCH_STATEMENTS) {
    batches.push(statements.slice(start, start + MAX_BATCH_STATEMENTS));
  }
  return batches;
}
