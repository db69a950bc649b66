/**
 * The `audit` schema: what every run leaves behind (docs/architecture.md, "Runs, safety and history").
 * History is appended, never overwritten. Portable DDL: the same statements run on DuckDB,
 * Postgres and Redshift (varchar(65535) because Redshift's bare varchar is only 256 bytes).
 */

export const AUDIT_SCHEMA = 'audit';

const LONG_TEXT = 'varchar(65535)';

export const AUDIT_TABLES = {
  modelRuns: 'audit.model_runs',
  checkResults: 'audit.check_results',
  loadErrors: 'audit.load_errors',
  sourceFreshness: 'audit.source_freshness',
  /**
   * One row per incremental model per successful publish: the newest `_loaded_at` and `_ingest_date` of
   * the raw tables it reads at that build, the run date, and the fingerprint of the model's logic it was
   * built with (lib/publish/incremental-state.ts). Columns: model_id, run_id, run_date, loaded_through,
   * ingest_through, full_refresh, recorded_at, logic_fingerprint.
   */
  incrementalState: 'audit.incremental_state',
  /**
   * One row per build of an incremental model per test of its rows, and per run per test of a landed raw
   * table's rows: its failures, the fingerprint of its query, whether it read only what changed, and, for a
   * raw table, the newest `_loaded_at` it judged (lib/runner/increment-audit-state.ts).
   */
  testState: 'audit.test_state',
} as const;

export function auditTableStatements(): string[] {
  return [
    `create schema if not exists ${AUDIT_SCHEMA}`,
    `create table if not exists ${AUDIT_TABLES.modelRuns} (
      run_id varchar(64) not null,
      node_id varchar(512) not null,
      node_name varchar(256) not null,
      resource_type varchar(16) not null,
      status varchar(16) not null,
      rows_affected bigint,
      seconds double precision,
      message ${LONG_TEXT},
      started_at timestamp,
      completed_at timestamp
    )`,
    `create table if not exists ${AUDIT_TABLES.checkResults} (
      run_id varchar(64) not null,
      test_id varchar(512) not null,
      test_name varchar(256) not null,
      model_id varchar(512),
      column_name varchar(256),
      severity varchar(8) not null,
      status varchar(8) not null,
      failures bigint not null,
      sample ${LONG_TEXT},
      phase varchar(16) not null,
      checked_at timestamp not null
    )`,
    `create table if not exists ${AUDIT_TABLES.loadErrors} (
      run_id varchar(64) not null,
      table_name varchar(256) not null,
      ingest_date date,
      source_file ${LONG_TEXT} not null,
      line_number bigint,
      column_name varchar(256),
      raw_text ${LONG_TEXT},
      reason ${LONG_TEXT} not null,
      logged_at timestamp not null
    )`,
    incrementalStateTableStatement(AUDIT_TABLES.incrementalState),
    `create table if not exists ${AUDIT_TABLES.testState} (
      test_id varchar(512) not null,
      run_id varchar(64) not null,
      test_fingerprint varchar(64) not null,
      failures bigint not null,
      narrowed boolean not null,
      loaded_through timestamp,
      recorded_at timestamp not null
    )`,
  ];
}

/** audit.incremental_state, or a table of its shape (the pipeline's pending rows, lib/publish/incremental-state.ts). */
export function incrementalStateTableStatement(name: string): string {
  return `create table if not exists ${name} (
      model_id varchar(512) not null,
      run_id varchar(64) not null,
      run_date date,
      loaded_through timestamp,
      ingest_through date,
      full_refresh boolean not null,
      recorded_at timestamp not null,
      logic_fingerprint varchar(64)
    )`;
}

/**
 * One row per source table per freshness check (`crm-warehouse source freshness`), created by the check
 * itself so that runs which never check freshness keep their statement counts. snapshotted_at is the
 * instant the age is measured at (the end of the run date), checked_at the clock time of the check.
 */
export function sourceFreshnessTableStatements(): string[] {
  return [
    `create schema if not exists ${AUDIT_SCHEMA}`,
    `create table if not exists ${AUDIT_TABLES.sourceFreshness} (
      run_id varchar(64) not null,
      source_id varchar(512) not null,
      loaded_at_field varchar(256) not null,
      max_loaded_at timestamp,
      snapshotted_at timestamp not null,
      age_seconds double precision,
      warn_after varchar(32),
      error_after varchar(32),
      status varchar(16) not null,
      message ${LONG_TEXT},
      checked_at timestamp not null
    )`,
  ];
}
