/**
 * dbt's `--empty`: build every selected model with no rows, to check in seconds that its SQL runs
 * and makes the columns it should. dbt renders each ref and source as an empty subquery; we wrap the
 * model's whole SELECT instead, which the engine still parses, binds and type-checks in full, so a
 * missing column or a type that does not fit fails as in a real build (an error only a value can
 * raise, such as a bad cast of one, does not). Tests then run against the empty
 * relations, as with dbt (a `not_empty` test fails there, as it would with dbt).
 */
import type { Plan } from '../plan/plan.ts';

export function emptyPlan(plan: Plan): Plan {
  // The newline before `)` keeps a trailing `--` comment of the model from swallowing it.
  const empty = (sql: string): string => `select * from (\n${sql}\n) as empty_build where false`;
  return {
    ...plan,
    models: plan.models.map((model) => ({
      ...model,
      sql: empty(model.sql),
      ...(model.incrementalSql === undefined ? {} : { incrementalSql: empty(model.incrementalSql) }),
    })),
  };
}
