import type { ColumnMetadataReader } from '../postgres/column-metadata.ts';
import type { StatementOutcome } from '../postgres/postgres-session.ts';
import { toWireField } from '../postgres/wire-values.ts';
import type { StatementResultSet } from '../statements/statement-record.ts';

export interface ConvertedResult {
  readonly resultSet?: StatementResultSet;
  /** Rows returned, or rows affected per the command tag; -1 when the statement reports none. */
  readonly resultRows: number;
}

const COUNTING_COMMANDS = /^(?:INSERT \d+|UPDATE|DELETE|SELECT|MERGE|COPY|FETCH|MOVE) (\d+)$/;

/** A Postgres outcome as the Data API reports it: Field records and ColumnMetadata, or a row count. */
export async function convertOutcome(outcome: StatementOutcome, metadata: ColumnMetadataReader): Promise<ConvertedResult> {
  if (outcome.fields === undefined) return { resultRows: affectedRows(outcome.commandTag) };
  const fields = outcome.fields;
  const columns = await metadata.describe(fields);
  let size = 0;
  const records = outcome.rows.map((row) =>
    row.map((text, index) => {
      if (text !== null) size += Buffer.byteLength(text);
      return toWireField(text, fields[index]?.typeId ?? 0);
    }),
  );
  return { resultSet: { columns, records, size }, resultRows: records.length };
}

export function affectedRows(commandTag: string): number {
  const match = COUNTING_COMMANDS.exec(commandTag);
  return match === null ? -1 : Number(match[1]);
}
