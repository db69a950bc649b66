/**
 * dbt's `state:modified` and `state:new`: the nodes of this plan that are new, or differ from the
 * same node in another plan (the production build's, `--state <dir>`).
 *
 * A model is modified when its file's checksum, its config or its compiled SQL differs. The compiled
 * SQL is what catches a changed project macro (or var) the file only calls. Relation names are
 * read as the node they name before comparing, so a CI target's prefixed schemas
 * (`ci_analytics.x` against `analytics.x`) are no difference. Compiled SQL is compared only
 * between plans for the same engine (each engine renders the cross-database macros its own way);
 * across engines, checksum and config decide. A test is modified when its compiled query is; a
 * unit test when its query or expected rows are.
 */
import { relationText, type Plan, type PlanModel } from '../plan/plan.ts';
import { sameVerdictConfig } from './test-config.ts';

export interface StateDifference {
  readonly modified: ReadonlySet<string>;
  readonly new: ReadonlySet<string>;
  /** `state:modified.body`: the file or the compiled query changed. */
  readonly 'modified.body': ReadonlySet<string>;
  /** `state:modified.configs`: the config (or a declared column or type) changed. */
  readonly 'modified.configs': ReadonlySet<string>;
}

export function compareWithState(current: Plan, state: Plan): StateDifference {
  const sameEngine = current.target === state.target;
  const currentSql = relationNeutral(current);
  const stateSql = relationNeutral(state);
  const stateModels = new Map(state.models.map((model) => [model.id, model]));
  const stateTests = new Map(state.tests.map((test) => [test.id, test]));
  const stateUnitTests = new Map((state.unitTests ?? []).map((test) => [test.id, test]));
  const body = new Set<string>();
  const configs = new Set<string>();
  const added = new Set<string>();

  for (const model of current.models) {
    const before = stateModels.get(model.id);
    if (before === undefined) {
      added.add(model.id);
      continue;
    }
    if (
      before.checksum !== model.checksum ||
      (sameEngine && stateSql(before.sql) !== currentSql(model.sql)) ||
      (sameEngine && stateSql(before.incrementalSql ?? '') !== currentSql(model.incrementalSql ?? ''))
    ) {
      body.add(model.id);
    }
    if (JSON.stringify(configOf(before, stateSql)) !== JSON.stringify(configOf(model, currentSql))) configs.add(model.id);
  }
  for (const test of current.tests) {
    const before = stateTests.get(test.id);
    if (before === undefined) added.add(test.id);
    else {
      if (sameEngine && stateSql(before.sql) !== currentSql(test.sql)) body.add(test.id);
      if (before.severity !== test.severity || !sameVerdictConfig(before, test)) configs.add(test.id);
    }
  }
  for (const test of current.unitTests ?? []) {
    const before = stateUnitTests.get(test.id);
    if (before === undefined) added.add(test.id);
    else if (JSON.stringify(before.expected) !== JSON.stringify(test.expected) || (sameEngine && stateSql(before.sql) !== currentSql(test.sql))) {
      body.add(test.id);
    }
  }
  return { modified: new Set([...added, ...body, ...configs]), new: added, 'modified.body': body, 'modified.configs': configs };
}

/** A post_hook names relations (`{{ this }}`, a seed's inserts): read as the nodes they name, like compiled SQL. */
function configOf(model: PlanModel, read: (sql: string) => string): unknown {
  const { materialized, tags, uniqueKey, incrementalStrategy, onSchemaChange, postHook, dist, sort, grants } = model.config;
  return {
    materialized,
    tags,
    uniqueKey,
    incrementalStrategy,
    onSchemaChange,
    postHook: postHook?.map(read),
    dist,
    sort,
    grants,
    columns: model.columns.map((column) => [column.name, column.dataType ?? null]),
  };
}

/** The SQL with each model's relation (and its write-audit-publish twin) replaced by the model's id. */
function relationNeutral(plan: Plan): (sql: string) => string {
  const names = new Map<string, string>();
  for (const model of plan.models) {
    names.set(relationText(model.relation, plan.target), `{${model.id}}`);
    names.set(relationText({ ...model.relation, name: `${model.relation.name}__wap` }, plan.target), `{${model.id}__wap}`);
  }
  if (names.size === 0) return (sql) => sql;
  const alternatives = [...names.keys()].sort((a, b) => b.length - a.length).map((text) => text.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&'));
  const pattern = new RegExp(`(?<![A-Za-z0-9_."])(?:${alternatives.join('|')})(?![A-Za-z0-9_])`, 'g');
  return (sql) => sql.replace(pattern, (text) => names.get(text) ?? text);
}
