/**
 * The rows of a unit test's `given` input or `expect`, in dbt's two row formats: `dict` (a YAML
 * list of mappings, the default) and `csv` (a block of CSV text whose first line is the header).
 * Every value becomes text, a number, true/false or null. Column names must be lower-case SQL
 * identifiers: they become the columns of a relation the model reads, or name columns it returns.
 */
import type { UnitTestValue } from '../plan/plan.ts';
import { ProjectError } from './errors.ts';
import { describeValue } from './project-schemas.ts';
import type { UnitTestRow } from './project.ts';
import { isMapping } from './yaml-mapping.ts';
import { yamlPlace, type YamlPath } from './yaml-path.ts';

export type RowFormat = 'dict' | 'csv';

const COLUMN_NAME = /^[a-z_][a-z0-9_]*$/;

/** The rows at `path` (the `rows:` key), or undefined after adding every problem to `errors`. */
export function unitTestRowsOf(
  rows: unknown,
  format: RowFormat,
  file: string,
  path: YamlPath,
  errors: ProjectError[],
): UnitTestRow[] | undefined {
  if (rows === undefined) {
    errors.push(new ProjectError(yamlPlace(file, path.slice(0, -1)), "missing 'rows' (rows: [] for none)"));
    return undefined;
  }
  const before = errors.length;
  const parsed = format === 'dict' ? dictRows(rows, file, path, errors) : csvRows(rows, file, path, errors);
  return errors.length === before ? parsed : undefined;
}

function dictRows(rows: unknown, file: string, path: YamlPath, errors: ProjectError[]): UnitTestRow[] {
  if (!Array.isArray(rows)) {
    const hint = typeof rows === 'string' ? ' (CSV text needs format: csv)' : '';
    errors.push(new ProjectError(yamlPlace(file, path), `expected a list of rows, got ${describeValue(rows)}${hint}`));
    return [];
  }
  return rows.map((row: unknown, index): UnitTestRow => {
    const rowPath = [...path, index];
    if (!isMapping(row)) {
      errors.push(new ProjectError(yamlPlace(file, rowPath), `expected a mapping of column to value, got ${describeValue(row)}`));
      return {};
    }
    const values: Record<string, UnitTestValue> = {};
    for (const [column, value] of Object.entries(row)) {
      const valuePath = [...rowPath, column];
      if (!COLUMN_NAME.test(column)) {
        errors.push(new ProjectError(yamlPlace(file, valuePath), `column '${column}' is not a lower-case SQL identifier (a-z, 0-9, _)`));
      } else if (value === null || typeof value === 'string' || typeof value === 'boolean') {
        values[column] = value;
      } else if (typeof value === 'number' && Number.isFinite(value)) {
        values[column] = value;
      } else {
        errors.push(new ProjectError(yamlPlace(file, valuePath), `expected text, a number, true/false or null, got ${describeValue(value)}`));
      }
    }
    return values;
  });
}

function csvRows(rows: unknown, file: string, path: YamlPath, errors: ProjectError[]): UnitTestRow[] {
  if (typeof rows !== 'string') {
    errors.push(new ProjectError(yamlPlace(file, path), `format: csv takes CSV text (rows: |), got ${describeValue(rows)}`));
    return [];
  }
  const place = yamlPlace(file, path);
  let records: CsvRecord[];
  try {
    records = parseCsv(rows);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    errors.push(new ProjectError(place, `CSV line ${error.line}: ${error.message}`));
    return [];
  }
  const [header, ...body] = records;
  if (header === undefined) {
    errors.push(new ProjectError(place, 'the CSV text has no header line'));
    return [];
  }
  const columns = header.fields.map((field) => field.text.trim());
  const seen = new Set<string>();
  for (const column of columns) {
    if (!COLUMN_NAME.test(column)) errors.push(new ProjectError(place, `CSV line ${header.line}: column '${column}' is not a lower-case SQL identifier (a-z, 0-9, _)`));
    else if (seen.has(column)) errors.push(new ProjectError(place, `CSV line ${header.line}: column '${column}' appears twice`));
    seen.add(column);
  }
  return body.map((record): UnitTestRow => {
    if (record.fields.length !== columns.length) {
      errors.push(new ProjectError(place, `CSV line ${record.line}: ${record.fields.length} fields, the header has ${columns.length}`));
      return {};
    }
    return Object.fromEntries(columns.map((column, index) => [column, csvValue(record.fields[index] as CsvField)]));
  });
}

/**
 * A CSV cell read as YAML would read the same plain scalar, so a row means the same in either
 * format: an empty unquoted cell is null, true/false are booleans, plain numbers are numbers
 * (not `007`, which stays text), anything quoted is text.
 */
function csvValue(field: CsvField): UnitTestValue {
  if (field.quoted) return field.text;
  const text = field.text.trim();
  if (text === '' || text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

interface CsvField {
  readonly text: string;
  readonly quoted: boolean;
}

interface CsvRecord {
  /** 1-based line of the CSV text where the record starts. */
  readonly line: number;
  readonly fields: readonly CsvField[];
}

class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** RFC 4180 records; blank lines are skipped, quoted fields may span lines. */
function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let position = 0;
  while (position < text.length) {
    const lineEnd = text.indexOf('\n', position);
    const rest = text.slice(position, lineEnd === -1 ? text.length : lineEnd);
    if (rest.trim() === '') {
      position = lineEnd === -1 ? text.length : lineEnd + 1;
      line += 1;
      continue;
    }
    const startLine = line;
    const fields: CsvField[] = [];
    for (;;) {
      let field: CsvField;
      // Spaces before an opening quote are layout, as in `a, "b"`.
      const afterSpaces = skipSpaces(text, position);
      if (text[afterSpaces] === '"') {
        let value = '';
        let cursor = afterSpaces + 1;
        for (;;) {
          if (cursor >= text.length) throw new CsvSyntaxError(startLine, 'a quoted field is never closed');
          const character = text[cursor] as string;
          if (character === '"') {
            if (text[cursor + 1] === '"') {
              value += '"';
              cursor += 2;
              continue;
            }
            cursor += 1;
            break;
          }
          if (character === '\n') line += 1;
          value += character;
          cursor += 1;
        }
        position = skipSpaces(text, cursor);
        field = { text: value, quoted: true };
        if (position < text.length && text[position] !== ',' && text[position] !== '\n' && text[position] !== '\r') {
          throw new CsvSyntaxError(line, 'text after a closing quote (write "" for a quote inside a quoted field)');
        }
      } else {
        let cursor = position;
        while (cursor < text.length && text[cursor] !== ',' && text[cursor] !== '\n') cursor += 1;
        field = { text: text.slice(position, cursor).replace(/\r$/, ''), quoted: false };
        position = cursor;
      }
      fields.push(field);
      if (text[position] === '\r') position += 1;
      if (text[position] === ',') {
        position += 1;
        continue;
      }
      if (text[position] === '\n') {
        position += 1;
        line += 1;
      }
      break;
    }
    records.push({ line: startLine, fields });
  }
  return records;
}

function skipSpaces(text: string, position: number): number {
  let cursor = position;
  while (text[cursor] === ' ' || text[cursor] === '\t') cursor += 1;
  return cursor;
}
