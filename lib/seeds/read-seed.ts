/**
 * Reads a seed, `sql/seeds/<name>.csv`: a header of column names, then rows, as the landing's CSV
 * dialect (lib/landing/csv-records.ts: RFC 4180, empty field = null). Every value is checked
 * against its column's type (declared in the seed's properties, else inferred: seed-types.ts), so a
 * bad file is a project error naming file:line:column before anything runs, and nothing that was
 * loaded before is replaced.
 */
import { CsvRecordReader } from '../landing/csv-records.ts';
import { didYouMean } from '../project/did-you-mean.ts';
import { ProjectError } from '../project/errors.ts';
import { DECLARABLE_SEED_TYPES, declaredSeedType, inferredSeedType, seedValueProblem, type SeedType } from './seed-types.ts';
import type { SeedProperties } from './seed-properties.ts';

export interface SeedData {
  readonly columns: readonly { readonly name: string; readonly type: SeedType }[];
  /** Row values in column order; null for an empty field. */
  readonly rows: readonly (readonly (string | null)[])[];
}

const COLUMN_NAME = /^[a-z_][a-z0-9_]*$/;

/** The seed's columns and rows; undefined when the file has problems (added to `errors`). */
export function readSeed(text: string, path: string, properties: SeedProperties | undefined, errors: ProjectError[]): SeedData | undefined {
  const reader = new CsvRecordReader();
  const records = [...reader.feed(text), ...reader.end()];
  const [header, ...body] = records;
  const before = errors.length;
  if (header === undefined || header.fields.every((field) => field.trim() === '')) {
    errors.push(new ProjectError(`${path}:1`, 'a seed starts with a header line naming its columns'));
    return undefined;
  }
  const names = header.fields.map((field) => field.trim().toLowerCase());
  names.forEach((name, index) => {
    if (!COLUMN_NAME.test(name)) errors.push(new ProjectError(`${path}:${header.line}:${index + 1}`, `column name '${header.fields[index]}' is not a lower-case SQL identifier (a-z, 0-9, _)`));
    else if (names.indexOf(name) !== index) errors.push(new ProjectError(`${path}:${header.line}:${index + 1}`, `column '${name}' appears twice in the header`));
  });
  for (const [column, declared] of properties?.columnTypes ?? []) {
    if (!names.includes(column)) errors.push(new ProjectError(declared.place, `the seed has no column '${column}'${didYouMean(column, names)} (its header: ${names.join(', ')})`));
  }

  const rows: (string | null)[][] = [];
  for (const record of body) {
    if (record.error !== undefined) {
      errors.push(new ProjectError(`${path}:${record.line}:${record.fields.length + 1}`, `unreadable CSV: ${record.error}`));
    } else if (record.fields.length !== names.length) {
      const column = Math.min(record.fields.length, names.length) + 1;
      errors.push(new ProjectError(`${path}:${record.line}:${column}`, `${record.fields.length} fields where the header has ${names.length}`));
    } else {
      rows.push(record.fields.map((field) => (field === '' ? null : field)));
    }
  }
  if (errors.length > before) return undefined;

  const columns = names.map((name, index) => {
    const declared = properties?.columnTypes.get(name);
    const values = rows.map((row) => row[index]).filter((value): value is string => value !== null);
    if (declared === undefined) return { name, type: inferredSeedType(values) };
    const type = declaredSeedType(declared.type);
    if (type === undefined) errors.push(new ProjectError(declared.place, `'${declared.type}' is not a type a seed can load: one of ${DECLARABLE_SEED_TYPES}`));
    return { name, type: type ?? inferredSeedType(values) };
  });
  body.forEach((record, rowIndex) => {
    columns.forEach((column, index) => {
      const value = rows[rowIndex]?.[index];
      const problem = value === null || value === undefined ? undefined : seedValueProblem(column.type, value);
      if (problem !== undefined) errors.push(new ProjectError(`${path}:${record.line}:${index + 1}`, `column ${column.name} (${column.type.sql}): ${problem}`));
    });
  });
  return errors.length > before ? undefined : { columns, rows };
}
