/**
 * Redshift DDL (docs/architecture.md, "Runs, safety and history"). Tables get the model's physical design
 * (`dist`, `sort`); views are late-binding (`with no schema binding`) so that a table swapped in
 * under them, or dropped and recreated by a full refresh, never invalidates them, and so a view
 * never blocks the `drop` of the table it reads. Redshift DDL is transactional, so a swap sent as
 * one transaction (BatchExecuteStatement) is atomic: readers see the old relation or the new one.
 */
import { qualified } from '../../plan/plan.ts';
import type { ModelConfig, Relation } from '../../plan/plan.ts';
import type { Dialect, RelationKind } from '../engine.ts';
import { quoteIdentifier, quotedRelation } from './redshift-identifiers.ts';

const DIST_STYLES = new Set(['even', 'all', 'auto']);

/** `diststyle …`, `distkey (…)` and `sortkey (…)` clauses of a CREATE TABLE, each with a leading newline. */
export function physicalDesign(config: Pick<ModelConfig, 'dist' | 'sort'>): string {
  const clauses: string[] = [];
  const dist = config.dist?.trim();
  if (dist !== undefined && dist !== '') {
    const style = dist.toLowerCase();
    if (DIST_STYLES.has(style)) clauses.push(`diststyle ${style}`);
    else clauses.push('diststyle key', `distkey (${quoteIdentifier(dist)})`);
  }
  if (config.sort !== undefined && config.sort.length > 0) {
    clauses.push(`compound sortkey (${config.sort.map(quoteIdentifier).join(', ')})`);
  }
  return clauses.map((clause) => `\n${clause}`).join('');
}

/**
 * A select as the body of a view: a trailing semicolon would end the statement before
 * `with no schema binding`, so it goes; the clause starts on a new line so a trailing line
 * comment cannot swallow it.
 */
function viewBody(select: string): string {
  return select.replace(/[\s;]+$/, '');
}

export const redshiftDialect: Dialect = {
  createSchema(schema: string): string {
    return `create schema if not exists ${quoteIdentifier(schema)}`;
  },

  createTableAs(relation: Relation, select: string, config: ModelConfig): string[] {
    // Redshift has no CREATE OR REPLACE TABLE; the drop keeps the dialect's "replace" meaning.
    const name = quotedRelation(relation);
    return [`drop table if exists ${name}`, `create table ${name}${physicalDesign(config)}\nas\n${select}`];
  },

  createView(relation: Relation, select: string): string[] {
    return [`create or replace view ${quotedRelation(relation)} as\n${viewBody(select)}\nwith no schema binding`];
  },

  dropRelation(relation: Relation, kind: RelationKind): string {
    return `drop ${kind} if exists ${quotedRelation(relation)}`;
  },

  swap(staged: Relation, target: Relation, _kind: RelationKind, existing: RelationKind | undefined): string[] {
    if (staged.schema !== target.schema) {
      throw new Error(
        `cannot swap ${qualified(staged)} into ${qualified(target)}: Redshift renames only within one schema`,
      );
    }
    const statements = existing ? [`drop ${existing} ${quotedRelation(target)}`] : [];
    // ALTER TABLE … RENAME renames views too; Redshift has no ALTER VIEW … RENAME.
    statements.push(`alter table ${quotedRelation(staged)} rename to ${quoteIdentifier(target.name)}`);
    return statements;
  },
};
