/**
 * Publishing a whole run in ONE transaction, whatever the number of models.
 *
 * A BatchExecuteStatement is one transaction but holds at most 40 statements, and a table swap
 * alone is two statements a model (drop, rename), so a warehouse of more than ~20 models cannot be
 * swapped in one batch, and two batches are two transactions: a failure between them would leave
 * readers half the new warehouse and half the old. A Data API session does not help: nothing in
 * the Data API documentation says a transaction stays open from one call to the next.
 *
 * Redshift documents what does: "A call to a stored procedure is treated as a single SQL
 * command. The SQL statements inside a procedure behave as if they are in a transaction block",
 * and called inside a transaction block (a BatchExecuteStatement), everything it runs belongs to
 * that transaction and rolls back with it on any error
 * (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-transaction-management.html).
 * So the Publish step writes the run's swap statements, in order, as rows of
 * `audit.publish_statements` (any number of batches, invisible to readers), and then one batch
 * CALLs `audit.publish_run`, which runs each row with dynamic SQL (`EXECUTE`, integer `FOR`
 * loop and `SELECT INTO`: https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html),
 * and deletes the rows, all in that one transaction.
 *
 * The procedure reads rows by position instead of looping over a query, because a query loop is
 * an open cursor, and Redshift allows one open cursor per session
 * (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-constraints.html).
 */
import { AUDIT_SCHEMA } from '../audit/audit-tables.ts';
import { redshiftString } from '../sql/literals.ts';
import { chunkBySize } from '../publish/audit-records.ts';

export const PUBLISH_STATEMENTS_TABLE = `${AUDIT_SCHEMA}.publish_statements`;
export const PUBLISH_PROCEDURE = `${AUDIT_SCHEMA}.publish_run`;

/** The queue's column is varchar(65535), which Redshift measures in bytes. */
export const MAX_QUEUED_STATEMENT_BYTES = 65_535;

export interface QueuedStatement {
  /** What the statement belongs to (a model id), for the error when it does not fit. */
  readonly owner: string;
  readonly sql: string;
}

/** The queue table and the procedure; idempotent, so every run sends them. */
export function publishProcedureSetup(): string[] {
  return [
    `create table if not exists ${PUBLISH_STATEMENTS_TABLE} (
      run_id varchar(64) not null,
      statement_position integer not null,
      statement_text varchar(65535) not null
    )`,
    `create or replace procedure ${PUBLISH_PROCEDURE}(publish_run_id varchar(64))
as $$
declare
  statement_count integer;
  next_statement varchar(65535);
begin
  select into statement_count count(*) from ${PUBLISH_STATEMENTS_TABLE} where run_id = publish_run_id;
  if statement_count = 0 then
    raise exception 'no statements are queued to publish run %', publish_run_id;
  end if;
  for queued_position in 1..statement_count loop
    select into next_statement statement_text from ${PUBLISH_STATEMENTS_TABLE}
     where run_id = publish_run_id and statement_position = queued_position;
    execute next_statement;
  end loop;
  delete from ${PUBLISH_STATEMENTS_TABLE} where run_id = publish_run_id;
end;
$$ language plpgsql`,
  ];
}

/**
 * The statements that fill the queue with the run's statements: a delete of everything queued (a
 * retried Publish starts clean, and what a failed run left behind goes; runs never overlap, see
 * concurrency-guard.ts) and multi-row inserts of at most INSERT_VALUES_BYTES of values each (cut as the
 * audit rows are, lib/publish/audit-records.ts).
 */
export function queueStatements(runId: string, statements: readonly QueuedStatement[]): string[] {
  const run = redshiftString(runId);
  const rows = statements.map((statement, index) => {
    const bytes = Buffer.byteLength(statement.sql, 'utf8');
    if (bytes > MAX_QUEUED_STATEMENT_BYTES) {
      throw new Error(
        `${statement.owner}: a publish statement of ${bytes} bytes does not fit ${PUBLISH_STATEMENTS_TABLE} ` +
          `(at most ${MAX_QUEUED_STATEMENT_BYTES} bytes): ${statement.sql.slice(0, 80)}…`,
      );
    }
    return `(${run}, ${index + 1}, ${redshiftString(statement.sql)})`;
  });
  return [`delete from ${PUBLISH_STATEMENTS_TABLE}`, ...chunkBySize(rows).map(insertOf)];
}

function insertOf(rows: readonly string[]): string {
  return `insert into ${PUBLISH_STATEMENTS_TABLE} (run_id, statement_position, statement_text)\nvalues ${rows.join(',\n       ')}`;
}

/** The one statement of the publishing transaction. */
export function publishCall(runId: string): string {
  return `call ${PUBLISH_PROCEDURE}(${redshiftString(runId)})`;
}
