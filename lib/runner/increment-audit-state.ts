/**
 * Which tests may read only what changed (PlanTest.incrementAudit and landedAudit,
 * lib/project/increment-audit.ts): those whose own query, unchanged, found no failing row the last
 * time it judged the rows they would leave out.
 *
 * - A test of an incremental model's rows: its verdict at the model's last published build, which is
 *   `audit.test_state`'s row of the run that recorded the model's latest `audit.incremental_state` row.
 *   Both rows are written by the transaction that publishes the build, so a build that was not
 *   published leaves neither.
 * - A test of a landed raw table's rows: its latest verdict, with the newest `_loaded_at` of the table
 *   read before that test ran (`loaded_through`), so a row loaded while it ran is read the next time.
 */
import { createHash } from 'node:crypto';
import { AUDIT_TABLES } from '../audit/audit-tables.ts';
import type { Row } from '../engines/engine.ts';
import { relationText, type PlanModel, type PlanSource, type PlanTest, type TargetName } from '../plan/plan.ts';
import { sqlStringFor, sqlTimestamp, sqlTimestampText } from '../sql/literals.ts';

/** What a test's verdict held for: its query, which names its columns, values, `where` and relations. */
export function testFingerprint(test: PlanTest): string {
  return createHash('sha256').update(test.auditSql ?? test.sql).digest('hex').slice(0, 32);
}

/** The verdicts recorded by the run that published the model's latest build, for `tests`. */
export function priorVerdictsQuery(model: PlanModel, tests: readonly PlanTest[], target: TargetName): string {
  const quote = sqlStringFor(target);
  return `select verdicts.test_id, verdicts.test_fingerprint, verdicts.failures
  from ${AUDIT_TABLES.testState} verdicts
 inner join (select run_id, row_number() over (order by recorded_at desc, run_date desc) as recency
               from ${AUDIT_TABLES.incrementalState}
              where model_id = ${quote(model.id)}) latest
    on latest.run_id = verdicts.run_id
   and latest.recency = 1
 where verdicts.test_id in (${tests.map((test) => quote(test.id)).join(', ')})`;
}

/** Each of `tests`' latest verdict (landed raw tables' tests), its `loaded_through` as text for landedAuditAfter. */
export function latestVerdictsQuery(tests: readonly PlanTest[], target: TargetName): string {
  const quote = sqlStringFor(target);
  return `select test_id, test_fingerprint, failures, cast(loaded_through as varchar(64)) as loaded_through
  from (select test_id, test_fingerprint, failures, loaded_through,
               row_number() over (partition by test_id order by recorded_at desc) as recency
          from ${AUDIT_TABLES.testState}
         where test_id in (${tests.map((test) => quote(test.id)).join(', ')})) verdicts
 where recency = 1`;
}

/** The newest `_loaded_at` of each of `sources`, as text (`loaded_through`), by `relation`. */
export function loadedThroughQuery(sources: readonly PlanSource[], target: TargetName): string {
  const quote = sqlStringFor(target);
  return sources
    .map((source) => {
      const relation = relationText(source.relation, target);
      return `select ${quote(source.id)} as source_id, cast(max(_loaded_at) as varchar(64)) as loaded_through from ${relation}`;
    })
    .join('\nunion all\n');
}

/** The tests among `tests` that may read only what changed, given their verdicts' rows: found no failing row with the same query. */
export function narrowedTests(tests: readonly PlanTest[], rows: readonly Row[]): Set<string> {
  const clean = new Set(rows.filter((row) => Number(row.failures) === 0).map((row) => `${String(row.test_id)}\n${String(row.test_fingerprint)}`));
  return new Set(tests.filter((test) => clean.has(`${test.id}\n${testFingerprint(test)}`)).map((test) => test.id));
}

/** A verdict's `loaded_through` (text, as loadedThroughQuery gives it) as a timestamp literal. */
function loadedThroughSql(loadedThrough: string | null | undefined, target: TargetName): string {
  return loadedThrough === undefined || loadedThrough === null ? 'cast(null as timestamp)' : sqlTimestampText(loadedThrough, target);
}

export interface RecordedVerdict {
  readonly test: PlanTest;
  readonly failures: number;
  /** Whether it read only what changed. */
  readonly narrowed: boolean;
  /** A raw table's test: the newest `_loaded_at` it judged, as loadedThroughQuery gave it. */
  readonly loadedThrough?: string | null;
}

/** One insert of the run's verdicts; none when there are none. */
export function testStateInsert(runId: string, verdicts: readonly RecordedVerdict[], recordedAt: Date, target: TargetName): string[] {
  if (verdicts.length === 0) return [];
  const quote = sqlStringFor(target);
  const rows = verdicts.map(
    ({ test, failures, narrowed, loadedThrough }) =>
      `(${quote(test.id)}, ${quote(runId)}, ${quote(testFingerprint(test))}, ${failures}, ${narrowed ? 'true' : 'false'}, ${loadedThroughSql(loadedThrough, target)}, ${sqlTimestamp(recordedAt)})`,
  );
  return [`insert into ${AUDIT_TABLES.testState} (test_id, run_id, test_fingerprint, failures, narrowed, loaded_through, recorded_at) values\n${rows.join(',\n')}`];
}

/**
 * The pipeline's record of `verdicts` (its landed tests), whose failures are in `audit.check_results`
 * already: SQL copies them, so they need not travel through the step. The run's earlier record of the
 * same tests is deleted first, so that reading the verdicts again (after the screens that found
 * failures ran alone) or a retried batch records each test once.
 */
export function testStateFromCheckResults(runId: string, verdicts: readonly Omit<RecordedVerdict, 'failures'>[], recordedAt: Date, target: TargetName): string[] {
  if (verdicts.length === 0) return [];
  const quote = sqlStringFor(target);
  const landed = verdicts
    .map(
      ({ test, narrowed, loadedThrough }) =>
        `select ${quote(test.id)} as test_id, ${quote(testFingerprint(test))} as test_fingerprint, ${narrowed ? 'true' : 'false'} as narrowed, ${loadedThroughSql(loadedThrough, target)} as loaded_through`,
    )
    .join('\n        union all ');
  return [
    `delete from ${AUDIT_TABLES.testState} where run_id = ${quote(runId)} and test_id in (${verdicts.map(({ test }) => quote(test.id)).join(', ')})`,
    `insert into ${AUDIT_TABLES.testState} (test_id, run_id, test_fingerprint, failures, narrowed, loaded_through, recorded_at)
select verdicts.test_id, verdicts.run_id, landed.test_fingerprint, verdicts.failures, landed.narrowed, landed.loaded_through, ${sqlTimestamp(recordedAt)}
  from ${AUDIT_TABLES.checkResults} verdicts
 inner join (${landed}) landed
    on landed.test_id = verdicts.test_id
 where verdicts.run_id = ${quote(runId)}
   and verdicts.phase = 'audit'`,
  ];
}
