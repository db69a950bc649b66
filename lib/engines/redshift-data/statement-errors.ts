/**
 * How a statement that did not finish is surfaced. Like DuckDB's StatementError, the message
 * starts by naming the statement (its first line, and its place in a transaction) so a `--debug`
 * reader can find it, then gives Redshift's own error text.
 */
import type { SubStatementData } from '@aws-sdk/client-redshift-data';
import { firstLine } from '../../sql/statement-text.ts';

/** What was submitted under one Data API statement id. */
export interface Submitted {
  readonly id: string;
  /** One statement (ExecuteStatement) or a transaction (BatchExecuteStatement). */
  readonly kind: 'statement' | 'transaction';
  readonly statements: readonly string[];
}

export interface StatementPosition {
  readonly index: number;
  readonly count: number;
}

/** A statement Redshift ran and refused (status FAILED). A failed transaction committed nothing. */
export class RedshiftStatementError extends Error {
  constructor(
    readonly statement: string,
    readonly redshiftError: string,
    readonly statementId: string,
    readonly position?: StatementPosition,
    /** For a transaction: every sub-statement as DescribeStatement reported it. */
    readonly subStatements: readonly SubStatementData[] = [],
  ) {
    const where = position ? ` (statement ${position.index + 1} of ${position.count} of a transaction, rolled back)` : '';
    super(`Redshift statement failed${where}: ${firstLine(statement)}\n${redshiftError}`);
    this.name = 'RedshiftStatementError';
  }
}

function subject(submitted: Submitted): string {
  const first = firstLine(submitted.statements[0] ?? '');
  return submitted.kind === 'transaction'
    ? `a transaction of ${submitted.statements.length} statements (rolled back, nothing committed) beginning ${first}`
    : `statement ${first}`;
}

/** A statement cancelled before it finished (status ABORTED), by CancelStatement here or elsewhere. */
export class StatementAbortedError extends Error {
  constructor(
    readonly submitted: Submitted,
    readonly redshiftError?: string,
  ) {
    super(`Redshift cancelled ${subject(submitted)} (status ABORTED)${redshiftError ? `\n${redshiftError}` : ''}`);
    this.name = 'StatementAbortedError';
  }
}

/** A statement still running at the engine's statement timeout; it was cancelled. */
export class StatementTimeoutError extends Error {
  constructor(
    readonly submitted: Submitted,
    readonly timeoutMs: number,
    cancelFailure?: unknown,
  ) {
    const cancel =
      cancelFailure === undefined
        ? 'it was cancelled'
        : `cancelling it failed too: ${cancelFailure instanceof Error ? cancelFailure.message : String(cancelFailure)}`;
    super(`Redshift did not finish ${subject(submitted)} within ${timeoutMs / 1000} s; ${cancel} (statement id ${submitted.id})`);
    this.name = 'StatementTimeoutError';
  }
}

/** The error for a statement DescribeStatement reports as FAILED, naming the failing sub-statement of a batch. */
export function failedStatementError(
  submitted: Submitted,
  topLevelError: string | undefined,
  subStatements: readonly SubStatementData[],
): RedshiftStatementError {
  if (submitted.kind === 'statement') {
    return new RedshiftStatementError(submitted.statements[0] ?? '', topLevelError ?? 'no error text was given', submitted.id);
  }
  const count = submitted.statements.length;
  const index = subStatements.findIndex((sub) => sub.Status === 'FAILED');
  if (index < 0) {
    return new RedshiftStatementError(
      submitted.statements[0] ?? '',
      `${topLevelError ?? 'no error text was given'} (Redshift did not say which statement failed)`,
      submitted.id,
      undefined,
      subStatements,
    );
  }
  const failed = subStatements[index] as SubStatementData;
  return new RedshiftStatementError(
    submitted.statements[index] ?? failed.QueryString ?? '',
    failed.Error ?? topLevelError ?? 'no error text was given',
    submitted.id,
    { index, count },
    subStatements,
  );
}
