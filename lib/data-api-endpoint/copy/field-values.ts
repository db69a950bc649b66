import type { CopyCommand } from '../sql/copy-command.ts';
import type { CsvField } from './csv-records.ts';
import {
  invalidUtf8,
  lengthExceeded,
  missingNotNull,
  nulCharacter,
  type LoadRejection,
} from './load-rejection.ts';
import type { TargetColumn } from './target-columns.ts';

const REPLACEMENT_CHARACTER = '\uFFFD';

export type FieldValue = { readonly value: string | null } | { readonly rejection: LoadRejection };

/**
 * The value a CSV field loads as, applying Redshift's COPY rules before Postgres sees it:
 * NULL AS, empty fields (NULL for non-character columns; '' for CHAR/VARCHAR unless EMPTYASNULL),
 * BLANKSASNULL, invalid UTF-8 (ACCEPTINVCHARS replaces it, otherwise the row is rejected), lengths
 * in bytes (TRUNCATECOLUMNS cuts, otherwise rejected) and NOT NULL. `fileHadInvalidUtf8` says
 * whether the decoder replaced bytes: only then does U+FFFD mean an invalid sequence.
 */
export function fieldValue(
  field: CsvField,
  column: TargetColumn,
  copy: CopyCommand,
  fileHadInvalidUtf8: boolean,
): FieldValue {
  let text = field.text;
  if (fileHadInvalidUtf8 && text.includes(REPLACEMENT_CHARACTER)) {
    if (copy.invalidCharReplacement === undefined) return { rejection: invalidUtf8(column, text) };
    text = text.replaceAll(REPLACEMENT_CHARACTER, copy.invalidCharReplacement);
  }
  const value = nullRules(text, field.quoted, column, copy);
  if (value === null) return column.notNull ? { rejection: missingNotNull(column, field.text) } : { value };
  if (value.includes('\0')) return { rejection: nulCharacter(column, value) };
  if (column.maxBytes !== undefined && Buffer.byteLength(value) > column.maxBytes) {
    if (!copy.truncateColumns) return { rejection: lengthExceeded(column, value) };
    return { value: truncateToBytes(value, column.maxBytes) };
  }
  return { value };
}

function nullRules(text: string, quoted: boolean, column: TargetColumn, copy: CopyCommand): string | null {
  if (copy.nullAs !== undefined && !quoted && text === copy.nullAs) return null;
  if (!column.isCharacter) return text === '' ? null : text;
  if (text === '' && copy.emptyAsNull) return null;
  if (copy.blanksAsNull && text.trim() === '') return null;
  return text;
}

/** The longest prefix of whole characters that fits in `maxBytes` UTF-8 bytes. */
function truncateToBytes(value: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of value) {
    bytes += Buffer.byteLength(character);
    if (bytes > maxBytes) break;
    end += character.length;
  }
  return value.slice(0, end);
}
