import { sqlLiteral, sqlString } from '../../sql/literals.ts';
import { PostgresError, type PostgresSession } from '../postgres/postgres-session.ts';
import { quoteIdentifier } from '../sql/relation-name.ts';
import { INVALID_INPUT_LINE, invalidValue, type LoadRejection } from './load-rejection.ts';
import type { CopyTarget } from './target-columns.ts';

/** Rows of a chunk that Postgres refused, by their index in the chunk. */
export type ChunkRejections = Map<number, LoadRejection>;

const SAVEPOINT = 'redshift_copy_chunk';

/**
 * Loads a chunk of rows (values as text; Postgres converts each to its column's type, as
 * Redshift's COPY does). Most chunks are clean and go in with one bulk `COPY … FROM '/dev/blob'`.
 * When that fails, the values are checked with `pg_input_error_info` to name the offending column
 * of each bad row, the rest is loaded, and if that still fails (a constraint, say) rows are
 * inserted one at a time to find the ones Postgres refuses.
 */
export async function insertChunk(
  session: PostgresSession,
  target: CopyTarget,
  rows: readonly (readonly (string | null)[])[],
): Promise<ChunkRejections> {
  if (rows.length === 0) return new Map();
  if ((await bulkLoadError(session, target, rows)) === undefined) return new Map();
  const rejections = await invalidValues(session, target, rows);
  const valid = rows.map((row, index) => ({ row, index })).filter(({ index }) => !rejections.has(index));
  if ((await bulkLoadError(session, target, valid.map(({ row }) => row))) === undefined) return rejections;
  for (const { row, index } of valid) {
    const error = await insertError(session, target, row);
    if (error !== undefined) {
      rejections.set(index, { errorCode: INVALID_INPUT_LINE, errorMessage: error.message, position: 0 });
    }
  }
  return rejections;
}

function bulkLoadError(
  session: PostgresSession,
  target: CopyTarget,
  rows: readonly (readonly (string | null)[])[],
): Promise<PostgresError | undefined> {
  if (rows.length === 0) return Promise.resolve(undefined);
  const data = rows.map((row) => row.map(csvValue).join(',')).join('\n');
  return withSavepoint(session, () =>
    session.copyFrom(`copy ${target.relation} (${columnList(target)}) from '/dev/blob' with (format csv)`, `${data}\n`),
  );
}

/** In Postgres' CSV format an unquoted empty field is NULL and a quoted one is an empty string. */
function csvValue(value: string | null): string {
  return value === null ? '' : `"${value.replaceAll('"', '""')}"`;
}

function insertError(session: PostgresSession, target: CopyTarget, row: readonly (string | null)[]): Promise<PostgresError | undefined> {
  const values = row.map((value) => sqlLiteral(value)).join(', ');
  return withSavepoint(session, () => session.run(`insert into ${target.relation} (${columnList(target)}) values (${values})`));
}

function columnList(target: CopyTarget): string {
  return target.columns.map((column) => quoteIdentifier(column.name)).join(', ');
}

/** Runs `work` so that its failure leaves the transaction usable; returns the Postgres error, if any. */
async function withSavepoint(session: PostgresSession, work: () => Promise<unknown>): Promise<PostgresError | undefined> {
  await session.run(`savepoint ${SAVEPOINT}`);
  try {
    await work();
    await session.run(`release savepoint ${SAVEPOINT}`);
    return undefined;
  } catch (error) {
    if (!(error instanceof PostgresError)) throw error;
    await session.run(`rollback to savepoint ${SAVEPOINT}`);
    await session.run(`release savepoint ${SAVEPOINT}`);
    return error;
  }
}

/** The first value of each row that its column's input function refuses. */
async function invalidValues(
  session: PostgresSession,
  target: CopyTarget,
  rows: readonly (readonly (string | null)[])[],
): Promise<ChunkRejections> {
  const checks = rows.flatMap((row, rowIndex) =>
    row.flatMap((value, columnIndex) => {
      const column = target.columns[columnIndex];
      if (value === null || column === undefined || column.isCharacter) return [];
      return [`(${rowIndex}, ${columnIndex}, ${sqlString(value)}, ${sqlString(column.formattedType)})`];
    }),
  );
  const rejections: ChunkRejections = new Map();
  if (checks.length === 0) return rejections;
  const failures = await session.rows(
    `select v.row_index, v.column_index, e.message, e.sql_error_code
     from (values ${checks.join(', ')}) as v(row_index, column_index, value, type_name)
     cross join lateral pg_input_error_info(v.value, v.type_name) as e
     where e.message is not null
     order by v.row_index, v.column_index`,
  );
  for (const [rowIndex, columnIndex, message, sqlState] of failures) {
    const row = Number(rowIndex);
    const column = target.columns[Number(columnIndex)];
    const value = rows[row]?.[Number(columnIndex)];
    if (rejections.has(row) || column === undefined || value === null || value === undefined) continue;
    rejections.set(row, invalidValue(column, value, message ?? '', sqlState ?? ''));
  }
  return rejections;
}
