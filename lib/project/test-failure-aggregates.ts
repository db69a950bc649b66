/**
 * A built-in test's failures as one aggregate over the rows it reads, so that the runner counts
 * every such test of one relation in a single scan (lib/runner/batched-tests.ts) instead of
 * scanning the relation once per test. Each aggregate counts exactly what the test's query
 * (generic-tests.ts) returns, NULL handling included; `unique` only screens: its query returns one
 * row per duplicated value, which no aggregate of a single scan can count, but one can say there
 * are none. Tests that read a second relation, group their rows, or are a project's own are left
 * to their query. Portable: `count(case …)`, no FILTER (Redshift has none).
 */
import { auditRelation, relationText, type FailureAggregate, type Relation, type TargetName } from '../plan/plan.ts';
import { acceptedValues, rangeViolations, testedRows } from './generic-tests.ts';
import type { GenericTestSpec } from './project.ts';
import { stringArgument } from './test-arguments.ts';

export interface AggregatedRelations {
  readonly target: TargetName;
  /** The relation under test. */
  readonly tested: Relation;
  /** Whether the test audits the tested relation's staged build (a test on a model). */
  readonly audited: boolean;
}

/** Undefined for tests that cannot be counted this way. Expects a built-in test's arguments, rendered. */
export function failureAggregate(spec: GenericTestSpec, relations: AggregatedRelations): FailureAggregate | undefined {
  const counted = aggregateOf(spec, relations.target);
  if (counted === undefined) return undefined;
  const from = (relation: Relation): string => testedRows(spec, relationText(relation, relations.target));
  return {
    from: from(relations.tested),
    ...(relations.audited ? { auditFrom: from(auditRelation(relations.tested)) } : {}),
    ...counted,
  };
}

function aggregateOf(spec: GenericTestSpec, target: TargetName): Pick<FailureAggregate, 'expression' | 'kind'> | undefined {
  const column = spec.column ?? '';
  const rowsWhere = (condition: string): Pick<FailureAggregate, 'expression' | 'kind'> => ({ expression: `count(case when ${condition} then 1 end)`, kind: 'count' });
  switch (spec.testName) {
    case 'not_null':
      return rowsWhere(`${column} is null`);
    case 'expression_is_true': {
      const expression = stringArgument(spec, 'expression');
      return rowsWhere(`not (${spec.column === undefined ? expression : `${column} ${expression}`})`);
    }
    case 'accepted_range':
      return rowsWhere(rangeViolations(spec).join(' or '));
    case 'accepted_values':
      // One failing row per distinct value outside the list; NULL is never one (`null not in (…)` is not true).
      return { expression: `count(distinct case when ${column} not in (${acceptedValues(spec, target).join(', ')}) then ${column} end)`, kind: 'count' };
    case 'not_empty':
      return { expression: 'case when count(*) = 0 then 1 else 0 end', kind: 'count' };
    case 'unique':
      return { expression: `count(${column}) - count(distinct ${column})`, kind: 'screen' };
    default:
      return undefined;
  }
}
