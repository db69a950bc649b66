/**
 * A landing file's COPY column list from its header mapping (lib/landing/header-mapping.ts):
 * COPY maps CSV fields to columns by position, so the column list follows the header. Extra
 * columns are loaded into placeholder text columns and dropped.
 *
 * Without a header (the lister did not read one) the file is taken to be in contract order; an
 * added column then makes each row fail with Redshift's "Extra column(s) found", in
 * audit.load_errors.
 */
import type { PlanSource } from '../../plan/plan.ts';
import { extraColumnName, mapHeader } from '../../landing/header-mapping.ts';

export type FileLayout =
  | { readonly kind: 'copy'; readonly columns: readonly string[] }
  | { readonly kind: 'rejected'; readonly column: string | null; readonly rawText: string; readonly reason: string };

/** A 0-byte object has no header: COPY would load nothing from it and its day would lose its rows. */
const EMPTY_OBJECT: FileLayout = { kind: 'rejected', column: null, rawText: '', reason: 'EMPTY FILE: 0 bytes, no header row; the file cannot be read' };

/** An object's layout from its listing: its header, and its size when known. */
export function layoutObject(source: PlanSource, object: { readonly header?: readonly string[]; readonly sizeBytes?: number }): FileLayout {
  return object.sizeBytes === 0 ? EMPTY_OBJECT : layoutFile(source, object.header);
}

export function layoutFile(source: PlanSource, header: readonly string[] | undefined): FileLayout {
  if (header === undefined) return { kind: 'copy', columns: source.columns.map((column) => column.name) };
  const mapping = mapHeader(source, { columns: header, text: header.join(',') });
  if (mapping.kind === 'rejected') return mapping;
  return { kind: 'copy', columns: mapping.columns.map((name, index) => name ?? extraColumnName(index)) };
}
