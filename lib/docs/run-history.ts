/**
 * What the warehouse remembers of its runs, for the docs: the latest result of every test and
 * unit test (audit.check_results) and the latest run of every model (audit.model_runs), plus the
 * column types of the published relations. Read through the engine interface, so it works on
 * DuckDB, PGlite and Redshift alike. Tables that do not exist yet read as no history.
 */
import { AUDIT_TABLES } from '../audit/audit-tables.ts';
import type { Engine, Row } from '../engines/engine.ts';
import { LATEST_FRESHNESS_SQL, latestFreshnessBySource, type LatestFreshness } from '../freshness/latest-freshness.ts';
import type { TargetName } from '../plan/plan.ts';
import { columnCatalog } from '../sql/column-catalog.ts';
import { sqlString } from '../sql/literals.ts';

export interface LatestCheckResult {
  readonly testId: string;
  readonly status: string;
  readonly severity: string;
  readonly failures: number;
  /** The failing rows stored with the result (parsed from JSON); a text that is not JSON is kept as a one-value row. */
  readonly sample: readonly Row[];
  readonly phase: string;
  readonly checkedAt: string;
  readonly runId: string;
}

export interface LatestModelRun {
  readonly nodeId: string;
  readonly status: string;
  readonly rows: number | null;
  readonly seconds: number | null;
  readonly message: string | null;
  readonly completedAt: string | null;
  readonly runId: string;
}

export interface RunHistory {
  readonly checks: ReadonlyMap<string, LatestCheckResult>;
  readonly modelRuns: ReadonlyMap<string, LatestModelRun>;
  /** Column types by lower-case `schema.name`, then by lower-case column name. */
  readonly columnTypes: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The latest `source freshness` result of each source table (audit.source_freshness); absent: never checked. */
  readonly freshness?: ReadonlyMap<string, LatestFreshness>;
}

export const EMPTY_HISTORY: RunHistory = { checks: new Map(), modelRuns: new Map(), columnTypes: new Map() };

// The newest row per test; a run id breaks a tie of timestamps (two runs within the same instant).
const LATEST_CHECKS = `select test_id, status, severity, failures, sample, phase, checked_at, run_id
from (
    select
        *,
        row_number() over (partition by test_id order by checked_at desc, run_id desc) as recency
    from ${AUDIT_TABLES.checkResults}
) as ranked
where recency = 1`;

const LATEST_MODEL_RUNS = `select node_id, status, rows_affected, seconds, message, completed_at, run_id
from (
    select
        *,
        row_number() over (partition by node_id order by completed_at desc, run_id desc) as recency
    from ${AUDIT_TABLES.modelRuns}
    where resource_type = 'model'
) as ranked
where recency = 1`;

/** Reads the history; `schemas` are the schemas whose column types are wanted (raw, staging, ...). */
export async function readRunHistory(engine: Engine, schemas: readonly string[]): Promise<RunHistory> {
  const [checks, modelRuns, columnTypes, freshness] = await Promise.all([
    readIfExists(engine, AUDIT_TABLES.checkResults, LATEST_CHECKS),
    readIfExists(engine, AUDIT_TABLES.modelRuns, LATEST_MODEL_RUNS),
    schemas.length === 0 ? Promise.resolve([]) : engine.query(columnTypesQuery(schemas, engine.target)),
    readIfExists(engine, AUDIT_TABLES.sourceFreshness, LATEST_FRESHNESS_SQL),
  ]);
  return {
    checks: new Map(checks.map((row) => [String(row.test_id), checkResult(row)])),
    modelRuns: new Map(modelRuns.map((row) => [String(row.node_id), modelRun(row)])),
    columnTypes: typesByRelation(columnTypes),
    freshness: latestFreshnessBySource(freshness),
  };
}

async function readIfExists(engine: Engine, table: string, sql: string): Promise<Row[]> {
  const [schema, name] = table.split('.') as [string, string];
  if ((await engine.relationKind({ schema, name })) === undefined) return [];
  return engine.query(sql);
}

function columnTypesQuery(schemas: readonly string[], target: TargetName): string {
  return `select table_schema, table_name, column_name, data_type
from ${columnCatalog(target)}
where lower(table_schema) in (${schemas.map((schema) => sqlString(schema.toLowerCase())).join(', ')})`;
}

function typesByRelation(rows: readonly Row[]): Map<string, Map<string, string>> {
  const types = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const relation = `${String(row.table_schema)}.${String(row.table_name)}`.toLowerCase();
    const columns = types.get(relation) ?? new Map<string, string>();
    columns.set(String(row.column_name).toLowerCase(), String(row.data_type).toLowerCase());
    types.set(relation, columns);
  }
  return types;
}

function checkResult(row: Row): LatestCheckResult {
  return {
    testId: String(row.test_id),
    status: String(row.status),
    severity: String(row.severity),
    failures: Number(row.failures),
    sample: parseSample(row.sample),
    phase: String(row.phase),
    checkedAt: String(row.checked_at),
    runId: String(row.run_id),
  };
}

function modelRun(row: Row): LatestModelRun {
  return {
    nodeId: String(row.node_id),
    status: String(row.status),
    rows: row.rows_affected === null ? null : Number(row.rows_affected),
    seconds: row.seconds === null ? null : Number(row.seconds),
    message: row.message === null ? null : String(row.message),
    completedAt: row.completed_at === null ? null : String(row.completed_at),
    runId: String(row.run_id),
  };
}

function parseSample(value: Row[string] | undefined): Row[] {
  if (value === null || value === undefined || value === '') return [];
  const text = String(value);
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.filter((entry): entry is Row => typeof entry === 'object' && entry !== null && !Array.isArray(entry));
  } catch {
    // Older or hand-written rows may hold plain text; it is shown as it is.
  }
  return [{ sample: text }];
}
