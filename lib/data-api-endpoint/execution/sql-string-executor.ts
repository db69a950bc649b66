import { runCopy } from '../copy/copy-loader.ts';
import type { LoadErrorLog } from '../copy/load-error-log.ts';
import type { ColumnMetadataReader } from '../postgres/column-metadata.ts';
import type { LateBindingViews } from '../postgres/late-binding-views.ts';
import type { PostgresSession } from '../postgres/postgres-session.ts';
import { translateStatement } from '../sql/redshift-to-postgres.ts';
import { bindParameters, type SqlParameter } from '../sql/sql-parameters.ts';
import { splitStatements } from '../sql/split-statements.ts';
import { convertOutcome, type ConvertedResult } from './result-conversion.ts';
import type { TransactionControl } from './transaction-control.ts';

export interface SqlStringContext {
  readonly session: PostgresSession;
  readonly transaction: TransactionControl;
  readonly lateBindingViews: LateBindingViews;
  readonly columnMetadata: ColumnMetadataReader;
  readonly loadErrors: LoadErrorLog;
  readonly s3Root: string | undefined;
  readonly databaseName: string;
  readonly redshiftPid: number;
  readonly queryId: number;
  readonly parameters: readonly SqlParameter[];
  readonly signal: AbortSignal;
}

const NO_RESULT: ConvertedResult = { resultRows: -1 };

/**
 * Runs one Data API SQL string, which may hold several `;`-separated statements, inside the
 * caller's transaction; the result is the last statement's. Redshift-only syntax is translated
 * first (redshift-to-postgres.ts).
 */
export async function executeSqlString(sql: string, context: SqlStringContext): Promise<ConvertedResult> {
  let result = NO_RESULT;
  for (const tokens of splitStatements(sql)) {
    context.signal.throwIfAborted();
    const statement = translateStatement(bindParameters(tokens, context.parameters));
    if (statement.kind === 'no-op') {
      result = NO_RESULT;
    } else if (statement.kind === 'copy') {
      const loaded = await runCopy(statement.copy, {
        session: context.session,
        s3Root: context.s3Root,
        queryId: context.queryId,
        sessionId: context.redshiftPid,
        databaseName: context.databaseName,
        loadErrors: context.loadErrors,
        signal: context.signal,
      });
      result = { resultRows: loaded };
    } else {
      const outcome = await context.lateBindingViews.run(statement.sql, statement.ddl);
      // Redshift's TRUNCATE commits the transaction it runs in; the rest of the batch starts a new one.
      if (statement.ddl.kind === 'truncate') await context.transaction.commitAndContinue();
      else await context.transaction.afterUserStatement(outcome.commandTag);
      result = await convertOutcome(outcome, context.columnMetadata);
    }
  }
  return result;
}
