/**
 * The SQL of a day's load, for the CLI loader (day-copy.ts) and the pipeline's LoadRawDay step
 * alike: the scratch table the day's files are copied into, one COPY per file, the staged rows per
 * file, and the day's commit (replace, audit.loaded_files record, scratch dropped).
 *
 * `_source_file`: COPY has no per-row file name (Redshift's `$path` pseudo-column exists only for
 * Spectrum external tables), so each file gets its own COPY and, right after it, an UPDATE that
 * labels the rows it added, still unlabelled, with the file's landing path. The last file's rows
 * are labelled by the insert instead, so the usual one-file day needs no UPDATE at all.
 */
import { recordDayStatements, type FileStamp } from '../../landing/loaded-files.ts';
import { isUtcTimestampType } from '../../landing/load-columns.ts';
import type { PlanColumn, PlanSource, Relation } from '../../plan/plan.ts';
import { redshiftString } from '../../sql/literals.ts';
import { REDSHIFT_LOAD_COLUMNS, LONG_TEXT, columnDefinition, redshiftColumnType } from './raw-tables.ts';
import { quoteIdentifier, quotedRelation } from './redshift-identifiers.ts';

/**
 * Every COPY gets Redshift's largest MAXERROR. COPY fails once the errors reach MAXERROR ("If the
 * load returns the error_count number of errors or greater, the load fails"; the upper limit is
 * 100000: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-load.html), and a
 * failed COPY would end the run as a failed statement with no rejects recorded. The load's error
 * budget is enforced by the loader after counting each file's rejects instead, so a file over the
 * budget ends the load with LoadBudgetExceeded and its rejects in audit.load_errors.
 */
export const MAX_COPY_ERRORS = 100_000;

/** Where a table's day is staged: a real table next to the raw one, since the Data API keeps no session. */
export function scratchRelation(raw: Relation): Relation {
  return { schema: raw.schema, name: `${raw.name}__load` };
}

/**
 * A contract timestamp is staged as TIMESTAMPTZ and stored as TIMESTAMP at UTC: COPY into a
 * TIMESTAMP column ignores a value's time zone, into TIMESTAMPTZ it converts the value to UTC
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_Datetime_types.html; a value without a zone is
 * UTC), and `AT TIME ZONE 'UTC'` turns a TIMESTAMPTZ back into a TIMESTAMP at UTC
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_AT_TIME_ZONE.html). So
 * `2026-11-24T10:15:00+05:00` is stored as 05:15, as on DuckDB and Postgres.
 */
function isUtcTimestamp(column: PlanColumn): boolean {
  return isUtcTimestampType(redshiftColumnType(column));
}

export function createScratchStatements(source: PlanSource, extraColumns: readonly string[]): string[] {
  const scratch = quotedRelation(scratchRelation(source.relation));
  const definitions = [
    ...source.columns.map((column) => columnDefinition(column.name, isUtcTimestamp(column) ? 'timestamptz' : redshiftColumnType(column))),
    ...extraColumns.map((name) => columnDefinition(name, LONG_TEXT)),
    columnDefinition('_source_file', REDSHIFT_LOAD_COLUMNS.find((column) => column.name === '_source_file')?.type ?? LONG_TEXT),
  ];
  return [`drop table if exists ${scratch}`, `create table ${scratch} (\n  ${definitions.join(',\n  ')}\n)`];
}

export interface CopyFile {
  readonly scratch: Relation;
  /** COPY's column list, one per CSV field in file order. */
  readonly columns: readonly string[];
  readonly uri: string;
  readonly gzip: boolean;
  /** `default` (the namespace's default role) or a role ARN. */
  readonly iamRole: string;
}

/**
 * EMPTYASNULL and CSV's unquoted empty field give NULL for an empty field, as the contract says.
 * Surplus decimal digits (the contract has two) are truncated by COPY where DuckDB's cast rounds;
 * ROUNDEC would round too, but the local Data API endpoint does not accept it yet.
 */
export function copyStatement(file: CopyFile): string {
  const role = file.iamRole === 'default' ? 'default' : redshiftString(file.iamRole);
  const options = [
    `iam_role ${role}`,
    'format as csv',
    'ignoreheader 1',
    'emptyasnull',
    `timeformat 'auto'`,
    `dateformat 'auto'`,
    `maxerror ${MAX_COPY_ERRORS}`,
    ...(file.gzip ? ['gzip'] : []),
  ];
  return `copy ${quotedRelation(file.scratch)} (${file.columns.map(quoteIdentifier).join(', ')})\nfrom ${redshiftString(file.uri)}\n${options.join('\n')}`;
}

export function labelRowsStatement(scratch: Relation, path: string): string {
  return `update ${quotedRelation(scratch)} set "_source_file" = ${redshiftString(path)} where "_source_file" is null`;
}

/** Deletes the day from the raw table and inserts the staged rows: run in one transaction, it is idempotent. */
export function replaceDayStatements(source: PlanSource, ingestDate: string, lastPath: string | undefined, loadedAt: string): string[] {
  const raw = quotedRelation(source.relation);
  const day = `cast(${redshiftString(ingestDate)} as date)`;
  const statements = [`delete from ${raw} where "_ingest_date" = ${day}`];
  if (lastPath === undefined) return statements;
  const contract = source.columns.map((column) => quoteIdentifier(column.name));
  const staged = source.columns.map((column) => (isUtcTimestamp(column) ? `${quoteIdentifier(column.name)} at time zone 'UTC'` : quoteIdentifier(column.name)));
  statements.push(
    `insert into ${raw} (${[...contract, '"_ingest_date"', '"_source_file"', '"_loaded_at"'].join(', ')})\n` +
      `select ${[...staged, day, `coalesce("_source_file", ${redshiftString(lastPath)})`, loadedAt].join(', ')}\n` +
      `from ${quotedRelation(scratchRelation(source.relation))}`,
  );
  return statements;
}

export function dropScratchStatement(source: PlanSource): string {
  return `drop table if exists ${quotedRelation(scratchRelation(source.relation))}`;
}

/** A file of the day to COPY: its landing path and COPY column list (copy-columns.ts). */
export interface StagedFile {
  readonly path: string;
  readonly gzip: boolean;
  readonly columns: readonly string[];
}

export interface StagingStatement {
  readonly sql: string;
  /** Set on a COPY: the landing path it reads. */
  readonly copies?: string;
}

/**
 * A day's staging: the scratch table (with a text column for each extra header column), then each
 * file's COPY, each but the last followed by the label of its rows.
 */
export function stagingStatements(
  source: PlanSource,
  files: readonly StagedFile[],
  context: { readonly landingUri: string; readonly iamRole: string },
): StagingStatement[] {
  const scratch = scratchRelation(source.relation);
  const contract = new Set(source.columns.map((column) => column.name));
  const extras = [...new Set(files.flatMap(({ columns }) => columns.filter((name) => !contract.has(name))))];
  const statements: StagingStatement[] = createScratchStatements(source, extras).map((sql) => ({ sql }));
  const location = context.landingUri.replace(/\/+$/, '');
  files.forEach((file, index) => {
    const uri = `${location}/${file.path}`;
    statements.push({ sql: copyStatement({ scratch, columns: file.columns, uri, gzip: file.gzip, iamRole: context.iamRole }), copies: file.path });
    if (index < files.length - 1) statements.push({ sql: labelRowsStatement(scratch, file.path) });
  });
  return statements;
}

/** The staged rows per file (`table_name`, `source_file`, `row_count`); the last file's rows are still unlabelled. */
export function stagedRowsQuery(source: PlanSource, lastPath: string): string {
  return `select ${redshiftString(source.tableName)} as table_name, coalesce("_source_file", ${redshiftString(lastPath)}) as source_file, count(*) as row_count
  from ${quotedRelation(scratchRelation(source.relation))} group by 2`;
}

/** One transaction: the day replaced with its staged rows, its files recorded in audit.loaded_files, the scratch dropped. */
export function commitDayStatements(
  source: PlanSource,
  ingestDate: string,
  lastPath: string | undefined,
  stamps: readonly FileStamp[],
  context: { readonly runId: string; readonly loadedAt: string },
): string[] {
  return [
    ...replaceDayStatements(source, ingestDate, lastPath, context.loadedAt),
    ...recordDayStatements(source.tableName, ingestDate, stamps, context, redshiftString),
    dropScratchStatement(source),
  ];
}
