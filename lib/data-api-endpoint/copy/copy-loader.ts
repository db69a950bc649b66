import { sqlString } from '../../sql/literals.ts';
import { LAST_COPY_ID_SETTING } from '../postgres/compatibility-schema.ts';
import type { PostgresSession } from '../postgres/postgres-session.ts';
import type { CopyCommand } from '../sql/copy-command.ts';
import { RedshiftSqlError } from '../sql/redshift-sql-error.ts';
import { insertChunk } from './chunk-insert.ts';
import { csvRecords } from './csv-records.ts';
import type { LoadErrorLog, LoadErrorRow } from './load-error-log.ts';
import { listLocalObjects, readLocalObject, type LocalS3Object } from './local-s3-objects.ts';
import { recordValues } from './record-values.ts';
import { readCopyTarget, type CopyTarget } from './target-columns.ts';

export interface CopyContext {
  readonly session: PostgresSession;
  readonly s3Root: string | undefined;
  /** The COPY's query id: SYS_LOAD_ERROR_DETAIL.query_id and pg_last_copy_id(). */
  readonly queryId: number;
  readonly sessionId: number;
  readonly databaseName: string;
  readonly loadErrors: LoadErrorLog;
  readonly signal: AbortSignal;
}

/** Rows per bulk load: large enough to amortise a statement, small enough to re-check cheaply on a reject. */
const CHUNK_ROWS = 2000;

interface PendingRow {
  readonly values: (string | null)[];
  readonly lineNumber: number;
  readonly rawLine: string;
  readonly object: LocalS3Object;
}

/**
 * Redshift: "If the load returns the error_count number of errors or greater, the load fails", and
 * MAXERROR 0 (the default) or 1 fails it at the first error
 * (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html#copy-maxerror).
 */
export function failingRejectCount(maxError: number): number {
  return Math.max(maxError, 1);
}

/**
 * Runs a Redshift COPY against the local folder standing in for S3 and returns the rows loaded.
 * Rejected rows are logged; MAXERROR of them (at least one) fail the COPY with Redshift's message
 * (the caller's rollback then removes the rows loaded so far, as Redshift loads all or nothing).
 */
export async function runCopy(copy: CopyCommand, context: CopyContext): Promise<number> {
  const { session } = context;
  const target = await readCopyTarget(session, copy.table, copy.columns);
  const objects = await listLocalObjects(context.s3Root, copy.bucket, copy.prefix);
  await session.run(`select set_config(${sqlString(LAST_COPY_ID_SETTING)}, ${sqlString(String(context.queryId))}, false)`);
  const failsAt = failingRejectCount(copy.maxError);
  const startTime = new Date();
  const rejected: LoadErrorRow[] = [];
  const reject = (row: Omit<LoadErrorRow, 'queryId' | 'sessionId' | 'databaseName' | 'tableId' | 'startTime'>): void => {
    rejected.push({
      ...row,
      queryId: context.queryId,
      sessionId: context.sessionId,
      databaseName: context.databaseName,
      tableId: target.tableId,
      startTime,
    });
  };
  let loaded = 0;
  let pending: PendingRow[] = [];
  const flush = async (): Promise<void> => {
    context.signal.throwIfAborted();
    const rejections = await insertChunk(session, target, pending.map((row) => row.values));
    loaded += pending.length - rejections.size;
    for (const [index, rejection] of rejections) {
      const row = pending[index] as PendingRow;
      reject({ fileName: row.object.uri, lineNumber: row.lineNumber, rawLine: row.rawLine, rejection });
    }
    pending = [];
  };

  for (const object of objects) {
    const { text, hadInvalidUtf8 } = decodeUtf8(await readLocalObject(object, copy.gzip));
    let recordIndex = 0;
    for (const record of csvRecords(text, copy.delimiter, copy.quote)) {
      recordIndex += 1;
      if (recordIndex <= copy.ignoreHeader) continue;
      const outcome = recordValues(record, target.columns, copy, hadInvalidUtf8);
      if ('rejection' in outcome) {
        reject({ fileName: object.uri, lineNumber: record.lineNumber, rawLine: record.rawLine, rejection: outcome.rejection });
      } else {
        pending.push({ values: outcome.values, lineNumber: record.lineNumber, rawLine: record.rawLine, object });
      }
      if (pending.length >= CHUNK_ROWS) await flush();
      if (rejected.length >= failsAt) break;
    }
    if (rejected.length >= failsAt) break;
  }
  // Rows still pending may hold rejects on earlier lines than the one that broke the budget.
  await flush();
  await context.loadErrors.record(session, inFileOrder(rejected, objects).slice(0, failsAt));
  if (rejected.length >= failsAt) throw loadFailed(target);
  return loaded;
}

function decodeUtf8(bytes: Buffer): { text: string; hadInvalidUtf8: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), hadInvalidUtf8: false };
  } catch {
    return { text: new TextDecoder('utf-8').decode(bytes), hadInvalidUtf8: true };
  }
}

function inFileOrder(rows: readonly LoadErrorRow[], objects: readonly LocalS3Object[]): LoadErrorRow[] {
  const fileOrder = new Map(objects.map((object, index) => [object.uri, index]));
  return [...rows].sort(
    (left, right) =>
      (fileOrder.get(left.fileName) ?? 0) - (fileOrder.get(right.fileName) ?? 0) || left.lineNumber - right.lineNumber,
  );
}

function loadFailed(target: CopyTarget): RedshiftSqlError {
  return new RedshiftSqlError(
    `Load into table '${target.tableName}' failed. Check 'sys_load_error_detail' system table for details.`,
  );
}
