/**
 * Tests on what an increment changed (docs/architecture.md, "Incremental runs"). When an incremental
 * model is built as an increment merged in place, the rows its table holds are the rows it held at its
 * last published build, less the rows the increment replaced or a post_hook deleted, plus the rows the
 * increment wrote (their keys are the keys of `__inc`). For a test that judges each row alone
 * (not_null, accepted_values, expression_is_true, accepted_range), the rows it reads are failing rows
 * only if the increment wrote them, once the same test found none at that last build; for a test that
 * judges groups of rows (unique, unique_combination_of_columns) a failing group is one the increment
 * wrote a row into, as removing rows cannot make a group fail. So such a test counts exactly what it
 * would count over the whole table by reading only those rows, or those groups. The same holds for a
 * landed raw table and the rows loaded since the test's last verdict. Whether that verdict allows it is
 * the runner's decision (lib/runner/increment-audit-state.ts); this module gives the test's SQL over
 * what changed.
 */
import { auditRelation, incrementRelation, relationText, type IncrementAudit, type PlanModel, type Relation, type TargetName } from '../plan/plan.ts';
import { sqlTimestampText } from '../sql/literals.ts';
import { genericTestSql, testedRows } from './generic-tests.ts';
import type { GenericTestSpec } from './project.ts';
import { stringListArgument } from './test-arguments.ts';

const ROW_TESTS: ReadonlySet<string> = new Set(['not_null', 'accepted_values', 'expression_is_true', 'accepted_range']);

/** The columns whose values make a group of the test, for the tests that judge groups; undefined for the others. */
function groupColumns(spec: GenericTestSpec): string[] | undefined {
  if (spec.testName === 'unique') return spec.column === undefined ? undefined : [spec.column];
  if (spec.testName === 'unique_combination_of_columns') return stringListArgument(spec, 'combination_of_columns');
  return undefined;
}

/**
 * Whether an in-place increment of `model` changes only the rows whose keys are in `__inc`: a
 * delete+insert or merge on a unique key, and post_hooks that only delete.
 */
export function changesOnlyIncrementKeys(model: PlanModel): boolean {
  const { config } = model;
  if (config.materialized !== 'incremental' || config.uniqueKey === undefined || config.uniqueKey.length === 0) return false;
  if (config.incrementalStrategy === 'append') return false;
  return (config.postHook ?? []).every((statement) => /^\s*delete\s+from\s/i.test(statement));
}

/**
 * The test over what changed, for a built-in test of one relation, `model`, that counts its failures
 * by rows or by groups; undefined for any other test (one reading a second relation counts rows the
 * increment did not write: a parent row removed orphans an old child row).
 */
export function incrementAuditFor(spec: GenericTestSpec, model: PlanModel, target: TargetName): IncrementAudit | undefined {
  if (!changesOnlyIncrementKeys(model) || !judgesRowsOrGroups(spec)) return undefined;
  const key = model.config.uniqueKey ?? [];
  const audited = relationText(auditRelation(model.relation), target);
  const written = rowsMatching(audited, 'merged', relationText(incrementRelation(model), target), key);
  return changedRowsAudit(spec, audited, written, key, target);
}

/**
 * In a landed raw table's test over what landed (landedAuditFor), where the newest `_loaded_at` its last
 * verdict judged goes: the runner puts the value there (landedAuditAfter), so that the tests of one table
 * with the same verdict read the same rows and share one scan. Left in place, it is not valid SQL.
 */
export const LOADED_THROUGH_PLACEHOLDER = ':loaded_through';

/**
 * The same for a test of one landed raw table: its rows loaded after the test's last verdict (the
 * `loaded_through` of its latest `audit.test_state` row, LOADED_THROUGH_PLACEHOLDER here). A raw table
 * only gains rows, each with the `_loaded_at` of its load, and loses the rows of a day landed again, so
 * the rows at or before that verdict's `loaded_through` are the ones it judged, less some.
 */
export function landedAuditFor(spec: GenericTestSpec, source: Relation, target: TargetName): IncrementAudit | undefined {
  if (!judgesRowsOrGroups(spec)) return undefined;
  const raw = relationText(source, target);
  const written = `(select * from ${raw} landed where landed._loaded_at is null or landed._loaded_at > ${LOADED_THROUGH_PLACEHOLDER})`;
  // No key: a raw table's groups are read whole, even those holding `_ingest_date` (a load replaces a day
  // whole), since these tests are there to find a file loaded twice.
  return changedRowsAudit(spec, raw, written, [], target);
}

/** A landed test's audit (landedAuditFor) over the rows loaded after `loadedThrough`, a timestamp as text. */
export function landedAuditAfter(audit: IncrementAudit, loadedThrough: string, target: TargetName): IncrementAudit {
  const after = sqlTimestampText(loadedThrough, target);
  return {
    sql: audit.sql.replaceAll(LOADED_THROUGH_PLACEHOLDER, after),
    ...(audit.aggregateFrom === undefined ? {} : { aggregateFrom: audit.aggregateFrom.replaceAll(LOADED_THROUGH_PLACEHOLDER, after) }),
  };
}

/**
 * A test's own SQL text (its `where`, its expression or bounds) that could judge a row by something
 * other than the row: another relation (a subquery) or the clock. Then a row the test passed can fail
 * later without being written, so such a test always reads the whole table.
 */
const BEYOND_THE_ROW = /\bselect\b|\bcurrent_(date|timestamp|time)\b|\bnow\s*\(|\bgetdate\s*\(|\bsysdate\b|\blocaltimestamp\b/i;

function judgesRowsOrGroups(spec: GenericTestSpec): boolean {
  if (!ROW_TESTS.has(spec.testName) && groupColumns(spec) === undefined) return false;
  const written = [spec.where, ...Object.values(spec.args).map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))];
  return !written.some((text) => text !== undefined && BEYOND_THE_ROW.test(text));
}

/**
 * The test over `written`, the rows of `tested` that changed, or over the groups of `tested` they fall
 * in; `key` is what rows are written by (all the rows with one value of it are written together), none when
 * nothing says so.
 */
function changedRowsAudit(spec: GenericTestSpec, tested: string, written: string, key: readonly string[], target: TargetName): IncrementAudit {
  const groups = groupColumns(spec);
  // A group that holds the whole key is a group of written rows only: its rows share a written row's key.
  const writtenGroups = groups === undefined || (key.length > 0 && key.every((column) => groups.includes(column)));
  const changed = `${writtenGroups ? written : rowsMatching(tested, 'grouped', written, groups)} changed`;
  return {
    sql: genericTestSql(spec, { target, tested: changed }),
    // unique_combination_of_columns has no failure aggregate (test-failure-aggregates.ts): its query counts.
    ...(spec.testName === 'unique_combination_of_columns' ? {} : { aggregateFrom: testedRows(spec, changed) }),
  };
}

/**
 * The rows of `table` with the values of a row of `written` in all of `columns`, and those with a null
 * in one of them, which no equality finds: keeping more rows than changed never changes what the test
 * counts. A join to the distinct values rather than an `exists` beside the nulls' `or`, so that an
 * engine hashes the few written values and skips what they cannot match.
 */
function rowsMatching(table: string, alias: string, written: string, columns: readonly string[]): string {
  const equal = columns.map((column) => `touched.${column} = ${alias}.${column}`).join(' and ');
  return `(select ${alias}.* from ${table} ${alias}
          inner join (select distinct ${columns.join(', ')} from ${written} written_rows) touched on ${equal}
        union all
        select * from ${table} where ${columns.map((column) => `${column} is null`).join(' or ')})`;
}
