import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadErrorLog } from '../copy/load-error-log.ts';
import { redshiftLengthMessage } from '../postgres/byte-length-checks.ts';
import type { ColumnMetadataReader } from '../postgres/column-metadata.ts';
import { SESSION_END_STATEMENTS } from '../postgres/compatibility-schema.ts';
import type { LateBindingViews } from '../postgres/late-binding-views.ts';
import { PostgresError, type PostgresSession } from '../postgres/postgres-session.ts';
import { RedshiftSqlError } from '../sql/redshift-sql-error.ts';
import type { DataApiSessions } from '../statements/data-api-sessions.ts';
import type { StatementRecord, SubStatement } from '../statements/statement-record.ts';
import type { SequenceNumbers } from './sequence-numbers.ts';
import { executeSqlString } from './sql-string-executor.ts';
import { TransactionControl } from './transaction-control.ts';

export interface StatementRunnerDependencies {
  readonly session: PostgresSession;
  readonly lateBindingViews: LateBindingViews;
  readonly columnMetadata: ColumnMetadataReader;
  readonly loadErrors: LoadErrorLog;
  readonly sessions: DataApiSessions;
  readonly queryIds: SequenceNumbers;
  readonly s3Root: string | undefined;
  /** How long each statement stays STARTED before it executes (to make statuses observable). */
  readonly statementDelayMs: () => number;
}

/** A statement failed: its Data API `Error` text. */
class StatementFailure extends Error {}

/**
 * Runs one accepted statement (single or batch) in one transaction and moves it and its
 * sub-statements through STARTED to FINISHED, FAILED (the failing sub-statement carries the error,
 * those after it become ABORTED, everything rolls back) or ABORTED (cancelled).
 */
export class StatementRunner {
  private readonly transaction: TransactionControl;

  constructor(private readonly dependencies: StatementRunnerDependencies) {
    this.transaction = new TransactionControl(dependencies.session, dependencies.loadErrors);
  }

  async run(record: StatementRecord, signal: AbortSignal): Promise<void> {
    record.setStatus('STARTED');
    try {
      await this.transaction.begin();
      for (const sub of record.subStatements) await this.runSubStatement(record, sub, signal);
      signal.throwIfAborted();
      await this.transaction.commit();
      record.settle('FINISHED');
    } catch (error) {
      await this.transaction.rollback();
      if (signal.aborted) record.settle('ABORTED');
      else record.settle('FAILED', error instanceof StatementFailure ? error.message : errorText(error));
    } finally {
      await this.endCall(record);
    }
  }

  private async runSubStatement(record: StatementRecord, sub: SubStatement, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    sub.redshiftQueryId = this.dependencies.queryIds.next();
    sub.setStatus('STARTED');
    try {
      const delay = this.dependencies.statementDelayMs();
      if (delay > 0) await sleep(delay, undefined, { signal });
      const result = await executeSqlString(sub.queryString, {
        ...this.dependencies,
        transaction: this.transaction,
        databaseName: record.request.target.database,
        redshiftPid: record.redshiftPid,
        queryId: sub.redshiftQueryId,
        parameters: record.request.parameters ?? [],
        signal,
      });
      if (result.resultSet !== undefined) sub.resultSet = result.resultSet;
      sub.resultRows = result.resultRows;
      sub.setStatus('FINISHED');
    } catch (error) {
      if (signal.aborted) {
        sub.setStatus('ABORTED');
        throw error;
      }
      sub.error = errorText(error);
      sub.setStatus('FAILED');
      throw new StatementFailure(sub.error);
    }
  }

  /** Without a Data API session a call's session state ends with it, as its Redshift session does. */
  private async endCall(record: StatementRecord): Promise<void> {
    const { sessions, session } = this.dependencies;
    if (record.request.sessionId !== undefined) sessions.statementEnded(record.request.sessionId);
    if (sessions.hasLiveSession()) return;
    for (const statement of SESSION_END_STATEMENTS) await session.run(statement);
  }
}

/** The `Error` text of a failed statement: Redshift's `ERROR: ` followed by the database's message. */
function errorText(error: unknown): string {
  if (error instanceof PostgresError) return `ERROR: ${redshiftLengthMessage(error.message)}`;
  if (error instanceof RedshiftSqlError) return `ERROR: ${error.message}`;
  return `ERROR: internal error of the local Data API endpoint: ${error instanceof Error ? error.message : String(error)}`;
}
