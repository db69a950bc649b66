import { sqlLiteral, sqlTimestamp } from '../../sql/literals.ts';
import { LOAD_ERROR_TABLE } from '../postgres/compatibility-schema.ts';
import type { PostgresSession } from '../postgres/postgres-session.ts';
import type { LoadRejection } from './load-rejection.ts';

/** One SYS_LOAD_ERROR_DETAIL row. */
export interface LoadErrorRow {
  readonly queryId: number;
  readonly sessionId: number;
  readonly databaseName: string;
  readonly tableId: number;
  readonly startTime: Date;
  readonly fileName: string;
  readonly lineNumber: number;
  readonly rawLine: string;
  readonly rejection: LoadRejection;
}

/** Redshift truncates raw_line and raw_field_value to 1024 characters. */
const RAW_TEXT_LIMIT = 1024;

/**
 * Writes rejected rows to `sys_load_error_detail`. On Redshift that table is a system log, written
 * outside the user's transaction: rows stay after the COPY fails or the batch rolls back. Here
 * they are inserted in the transaction (so later statements of the same batch see them) and
 * remembered, and `afterRollback` writes them again once the transaction is gone.
 */
export class LoadErrorLog {
  private inTransaction: LoadErrorRow[] = [];

  async record(session: PostgresSession, rows: readonly LoadErrorRow[]): Promise<void> {
    if (rows.length === 0) return;
    await insertRows(session, rows);
    this.inTransaction.push(...rows);
  }

  afterCommit(): void {
    this.inTransaction = [];
  }

  async afterRollback(session: PostgresSession): Promise<void> {
    const rows = this.inTransaction;
    this.inTransaction = [];
    await insertRows(session, rows);
  }
}

async function insertRows(session: PostgresSession, rows: readonly LoadErrorRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((row) => {
    const { rejection } = row;
    const column = rejection.column;
    return `(${[
      0,
      row.queryId,
      row.queryId,
      row.sessionId,
      sqlLiteral(row.databaseName),
      row.tableId,
      sqlTimestamp(row.startTime),
      sqlLiteral(loggable(row.fileName, RAW_TEXT_LIMIT)),
      row.lineNumber,
      sqlLiteral(column?.name ?? ''),
      sqlLiteral(column?.typeName ?? ''),
      sqlLiteral(column?.maxBytes === undefined ? '' : String(column.maxBytes)),
      rejection.position,
      rejection.errorCode,
      sqlLiteral(loggable(rejection.errorMessage, 512)),
      sqlLiteral(loggable(row.rawLine, RAW_TEXT_LIMIT)),
      sqlLiteral(loggable(rejection.rawFieldValue ?? '', RAW_TEXT_LIMIT)),
    ].join(', ')})`;
  });
  await session.run(
    `insert into ${LOAD_ERROR_TABLE} (user_id, query_id, transaction_id, session_id, database_name, table_id,
       start_time, file_name, line_number, column_name, column_type, column_length, position, error_code,
       error_message, raw_line, raw_field_value)
     values ${values.join(',\n')}`,
  );
}

/** Postgres text cannot hold NUL, which is exactly what some rejected lines contain. */
function loggable(text: string, limit: number): string {
  return text.replaceAll('\0', '').slice(0, limit);
}
