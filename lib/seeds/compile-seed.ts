/**
 * A seed compiled into the plan as a table model of resource type seed: its SELECT creates the
 * typed, empty table, and its post_hook statements insert the rows into the relation being built.
 * So a seed is staged, tested and swapped in by write-audit-publish like any model, by the local
 * runner and by the pipeline (lib/publish/staged-build.ts runs a post_hook on the staged relation),
 * and a seed that fails its tests replaces nothing. Redshift reads no local file, so the rows travel
 * as multi-row INSERT … VALUES statements, each under the Data API's 100 KB per statement
 * ("The maximum query statement size is 100 KB": https://docs.aws.amazon.com/redshift/latest/mgmt/data-api.html),
 * the limit lib/engines/redshift-data/batch-limits.ts and the local Data API endpoint enforce.
 */
import { createHash } from 'node:crypto';
import { MAX_STATEMENT_BYTES, statementBytes } from '../engines/redshift-data/batch-limits.ts';
import { relationText, type PlanModel, type TargetName } from '../plan/plan.ts';
import type { ModelNode } from '../project/project-nodes.ts';
import { sqlStringFor } from '../sql/literals.ts';
import type { SeedData } from './read-seed.ts';
import type { SeedType } from './seed-types.ts';

/** Room left in a statement for what a row may add past the limit check. */
const INSERT_BYTES = MAX_STATEMENT_BYTES - 4 * 1024;

export function compileSeed(model: ModelNode, seed: SeedData, target: TargetName): PlanModel {
  const { spec } = model;
  const columns = seed.columns.map((column) => column.name);
  return {
    id: model.id,
    name: spec.name,
    path: spec.path,
    layer: spec.layer,
    relation: model.relation,
    description: spec.description,
    resourceType: 'seed',
    config: {
      materialized: 'table',
      tags: spec.tags,
      ...(spec.grants === undefined ? {} : { grants: spec.grants }),
      ...(seed.rows.length === 0 ? {} : { postHook: seedInserts(relationText(model.relation, target), columns, seed, target) }),
    },
    columns: spec.columns.map((column) => ({ name: column.name, description: column.description, dataType: column.dataType })),
    dependsOn: { models: [], sources: [] },
    sql: `select\n${seed.columns.map((column) => `    cast(null as ${column.type.sql}) as ${column.name}`).join(',\n')}\nwhere 1 = 0`,
    checksum: createHash('sha256').update(JSON.stringify(seed)).digest('hex'),
  };
}

/** The rows as INSERT statements of as many rows as fit under the statement limit. */
export function seedInserts(relation: string, columns: readonly string[], seed: SeedData, target: TargetName): string[] {
  const head = `insert into ${relation} (${columns.join(', ')}) values\n`;
  const quote = sqlStringFor(target);
  const statements: string[] = [];
  let values: string[] = [];
  let bytes = statementBytes(head);
  for (const row of seed.rows) {
    const tuple = `(${row.map((value, index) => literal(value, (seed.columns[index] as { type: SeedType }).type, quote)).join(', ')})`;
    const size = statementBytes(tuple) + 2;
    if (values.length > 0 && bytes + size > INSERT_BYTES) {
      statements.push(head + values.join(',\n'));
      values = [];
      bytes = statementBytes(head);
    }
    values.push(tuple);
    bytes += size;
  }
  if (values.length > 0) statements.push(head + values.join(',\n'));
  return statements;
}

function literal(value: string | null, type: SeedType, quote: (text: string) => string): string {
  if (value === null) return 'null';
  switch (type.kind) {
    case 'integer':
    case 'bigint':
    case 'decimal':
    case 'double':
      return value.replace(/^\+/, '');
    case 'boolean':
      return value.toLowerCase();
    case 'timestamp':
      // A UTC designator is dropped: the column is a timestamp without time zone, in UTC (docs/architecture.md, "Raw landing contract").
      return quote(value.replace('T', ' ').replace(/(Z|[+-]00(:?00)?)$/, ''));
    default:
      return quote(value);
  }
}
