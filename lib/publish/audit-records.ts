/**
 * The rows a run appends to `audit.model_runs` and `audit.check_results` (audit-tables.ts),
 * as INSERT statements for the target engine: text is quoted the target's way, because Redshift
 * reads a backslash in a plain literal as an escape (lib/sql/literals.ts), so a sample row with
 * a `\` and a `"` must be quoted differently there to be stored as the JSON it is.
 */
import { AUDIT_TABLES } from '../audit/audit-tables.ts';
import type { Row } from '../engines/engine.ts';
import type { TargetName } from '../plan/plan.ts';
import { sqlLiteral, sqlTimestamp, type LiteralValue } from '../sql/literals.ts';

export type ResourceType = 'model' | 'test' | 'unit_test';

export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'warn' | 'fail';

/** `unit_test`: a unit test, which reads only the rows it gives, not the warehouse. */
export type CheckPhase = 'audit' | 'published' | 'unit_test';

export interface ModelRunRecord {
  readonly runId: string;
  readonly nodeId: string;
  readonly nodeName: string;
  readonly resourceType: ResourceType;
  readonly status: NodeStatus;
  readonly rows: number | null;
  readonly seconds: number;
  readonly message?: string;
  readonly startedAt: Date;
  readonly completedAt: Date;
}

export interface CheckResultRecord {
  readonly runId: string;
  readonly testId: string;
  readonly testName: string;
  /** The model or source the test is attached to. */
  readonly modelId: string;
  readonly columnName?: string;
  readonly severity: 'error' | 'warn';
  readonly status: 'pass' | 'warn' | 'fail' | 'error';
  readonly failures: number;
  /** Stored as JSON text, null when empty. */
  readonly sample: readonly Row[];
  readonly phase: CheckPhase;
  readonly checkedAt: Date;
}

/**
 * varchar(65535) counts bytes on Redshift; 16,000 characters stay within it even if every
 * character needs four UTF-8 bytes.
 */
export const LONG_TEXT_CHARACTERS = 16_000;

/**
 * An INSERT statement carries rows up to this many bytes of values (a single larger row goes alone),
 * well under the Redshift Data API's 100 KB per statement.
 */
export const INSERT_VALUES_BYTES = 48 * 1024;

/**
 * The INSERTs that append these records: as few statements as INSERT_VALUES_BYTES allows, each
 * with a multi-row VALUES list, so a whole batch of audit rows costs a couple of statements.
 */
export function auditInserts(modelRuns: readonly ModelRunRecord[], checkResults: readonly CheckResultRecord[], target?: TargetName): string[] {
  return [
    ...chunkBySize(modelRuns.map((record) => modelRunValues(record, target))).map((rows) => modelRunsStatement(rows)),
    ...chunkBySize(checkResults.map((record) => checkResultValues(record, target))).map((rows) => checkResultsStatement(rows)),
  ];
}

/** `target` picks the quoting; left out, the DuckDB/Postgres form. */
export function modelRunInsert(record: ModelRunRecord, target?: TargetName): string {
  return modelRunsStatement([modelRunValues(record, target)]);
}

export function checkResultInsert(record: CheckResultRecord, target?: TargetName): string {
  return checkResultsStatement([checkResultValues(record, target)]);
}

/** A row's values as SQL literals, joined: `'r1', 'model.crm.x', …`. */
type ValuesRow = string;

function modelRunsStatement(rows: readonly ValuesRow[]): string {
  return `insert into ${AUDIT_TABLES.modelRuns}
  (run_id, node_id, node_name, resource_type, status, rows_affected, seconds, message, started_at, completed_at)
values ${valuesList(rows)}`;
}

function checkResultsStatement(rows: readonly ValuesRow[]): string {
  return `${checkResultsInsertHead()}
values ${valuesList(rows)}`;
}

/** `insert into audit.check_results (columns…)`, for rows from VALUES or from a query (audit-checks.ts). */
export function checkResultsInsertHead(): string {
  return `insert into ${AUDIT_TABLES.checkResults}
  (run_id, test_id, test_name, model_id, column_name, severity, status, failures, sample, phase, checked_at)`;
}

function modelRunValues(record: ModelRunRecord, target: TargetName | undefined): ValuesRow {
  const literal = literalFor(target);
  return [
    literal(record.runId),
    literal(record.nodeId),
    literal(record.nodeName),
    literal(record.resourceType),
    literal(record.status),
    literal(record.rows),
    literal(record.seconds),
    literal(longText(record.message)),
    sqlTimestamp(record.startedAt),
    sqlTimestamp(record.completedAt),
  ].join(', ');
}

function checkResultValues(record: CheckResultRecord, target: TargetName | undefined): ValuesRow {
  const literal = literalFor(target);
  return [
    literal(record.runId),
    literal(record.testId),
    literal(record.testName),
    literal(record.modelId),
    literal(record.columnName),
    literal(record.severity),
    literal(record.status),
    literal(record.failures),
    literal(sampleJson(record.sample)),
    literal(record.phase),
    sqlTimestamp(record.checkedAt),
  ].join(', ');
}

function literalFor(target: TargetName | undefined): (value: LiteralValue) => string {
  return (value) => sqlLiteral(value, target);
}

function valuesList(rows: readonly ValuesRow[]): string {
  return rows.map((values) => `(${values})`).join(',\n       ');
}

/**
 * Consecutive rows grouped so that each group's values stay within INSERT_VALUES_BYTES (a single
 * larger row goes alone); no empty groups. The publish queue's inserts are cut the same way.
 */
export function chunkBySize(rows: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    const rowBytes = Buffer.byteLength(row, 'utf8');
    if (current.length > 0 && bytes + rowBytes > INSERT_VALUES_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += rowBytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function longText(text: string | undefined): string | undefined {
  if (text === undefined || text.length <= LONG_TEXT_CHARACTERS) return text;
  return `${text.slice(0, LONG_TEXT_CHARACTERS - 1)}…`;
}

/** Drops trailing rows rather than cutting the text, so what is stored always parses as JSON. */
export function sampleJson(rows: readonly Row[]): string | null {
  for (let count = rows.length; count > 0; count -= 1) {
    const json = JSON.stringify(rows.slice(0, count));
    if (json.length <= LONG_TEXT_CHARACTERS) return json;
  }
  return null;
}
