import type { CopyCommand } from '../sql/copy-command.ts';
import type { CsvRecord } from './csv-records.ts';
import { fieldValue } from './field-values.ts';
import { delimiterNotFound, extraColumns, malformedLine, missingNotNull, type LoadRejection } from './load-rejection.ts';
import type { TargetColumn } from './target-columns.ts';

export type RecordValues = { readonly values: (string | null)[] } | { readonly rejection: LoadRejection };

/**
 * The values of one CSV record for the target columns, or why the record is rejected: broken
 * quoting, more fields than columns, fewer (unless FILLRECORD, which loads NULL for the missing
 * trailing fields), or the first field that breaks a rule of field-values.ts.
 */
export function recordValues(
  record: CsvRecord,
  columns: readonly TargetColumn[],
  copy: CopyCommand,
  fileHadInvalidUtf8: boolean,
): RecordValues {
  if (record.malformed !== undefined) return { rejection: malformedLine(record.malformed) };
  if (record.fields.length > columns.length) return { rejection: extraColumns() };
  if (record.fields.length < columns.length && !copy.fillRecord) return { rejection: delimiterNotFound() };
  const values: (string | null)[] = [];
  for (const [index, column] of columns.entries()) {
    const field = record.fields[index];
    if (field === undefined) {
      if (column.notNull) return { rejection: missingNotNull(column, '') };
      values.push(null);
      continue;
    }
    const converted = fieldValue(field, column, copy, fileHadInvalidUtf8);
    if ('rejection' in converted) return converted;
    values.push(converted.value);
  }
  return { values };
}
