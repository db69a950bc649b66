/**
 * Test names as dbt makes them, so a dbt user recognises `not_null_fact_deals_deal_id` and
 * `accepted_values_stg_crm_deals_stage__prospecting__qualification`.
 */
import { createHash } from 'node:crypto';
import type { Relation } from '../plan/plan.ts';
import type { GenericTestSpec } from './project.ts';

/** Long enough for every real name, short enough for a file name. */
export const MAX_TEST_NAME_LENGTH = 200;

export type TestedNode =
  | { readonly kind: 'model'; readonly name: string }
  | { readonly kind: 'source'; readonly sourceName: string; readonly tableName: string };

/**
 * `<test>_<model>_<args>`: the arguments (with the column as `column_name`) sorted by argument
 * name, each value (list items, map values) cleaned to `[0-9a-zA-Z_]` and joined with `__`.
 * Source tests read `source_<test>_<source>_<table>_<args>`. A too-long name keeps its start and
 * ends with a short hash of the full name, so two long names that share a start stay distinct.
 */
export function genericTestName(spec: GenericTestSpec, node: TestedNode): string {
  const args: Record<string, unknown> = { ...spec.args };
  if (spec.column !== undefined) args.column_name = spec.column;
  const parts = Object.keys(args)
    .sort()
    .flatMap((key) => flatten(args[key]))
    .map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_'));
  const prefix = node.kind === 'model' ? `${spec.testName}_${node.name}` : `source_${spec.testName}_${node.sourceName}_${node.tableName}`;
  return limitLength(parts.length === 0 ? prefix : `${prefix}_${parts.join('__')}`);
}

function flatten(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(flatten);
  return [String(value)];
}

function limitLength(name: string, maximum = MAX_TEST_NAME_LENGTH): string {
  if (name.length <= maximum) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${name.slice(0, maximum - hash.length - 1)}_${hash}`;
}

/** Postgres keeps 63 bytes of an identifier (and so the local Data API endpoint); Redshift 127. */
const MAX_IDENTIFIER_LENGTH = 63;

/**
 * Where `store_failures` keeps a test's failing rows, as dbt names it: a table named after the test
 * in the `<schema>_dbt_test__audit` schema beside the relation the test is attached to (dbt puts it
 * beside the target's schema), so a named target's prefix carries over. A name too long for an
 * identifier keeps its start and ends with a hash of the whole name.
 */
export function storeFailuresRelation(testName: string, attachedSchema: string): Relation {
  return { schema: limitLength(`${attachedSchema}_dbt_test__audit`, MAX_IDENTIFIER_LENGTH), name: limitLength(testName.toLowerCase(), MAX_IDENTIFIER_LENGTH) };
}

/** Hands out names, suffixing `_2`, `_3`, … to a name already taken, in the order asked. */
export class TestNameRegistry {
  private readonly taken = new Set<string>();

  claim(name: string): string {
    let candidate = name;
    for (let suffix = 2; this.taken.has(candidate); suffix++) candidate = `${name}_${suffix}`;
    this.taken.add(candidate);
    return candidate;
  }
}
