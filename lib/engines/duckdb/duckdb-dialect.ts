/**
 * DuckDB DDL. DuckDB has transactional DDL, so a swap (drop the published relation, rename the
 * staged one into its place) is atomic when the runner sends it as one transaction. Redshift's
 * `dist`/`sort` settings have no DuckDB meaning and are ignored.
 */
import { qualified } from '../../plan/plan.ts';
import type { ModelConfig, Relation } from '../../plan/plan.ts';
import type { Dialect, RelationKind } from '../engine.ts';

export const duckDbDialect: Dialect = {
  createSchema(schema: string): string {
    return `create schema if not exists ${schema}`;
  },

  createTableAs(relation: Relation, select: string, _config: ModelConfig): string[] {
    return [`create or replace table ${qualified(relation)} as\n${select}`];
  },

  createView(relation: Relation, select: string): string[] {
    return [`create or replace view ${qualified(relation)} as\n${select}`];
  },

  dropRelation(relation: Relation, kind: RelationKind): string {
    return `drop ${kind} if exists ${qualified(relation)}`;
  },

  swap(staged: Relation, target: Relation, kind: RelationKind, existing: RelationKind | undefined): string[] {
    if (staged.schema !== target.schema) {
      throw new Error(
        `cannot swap ${qualified(staged)} into ${qualified(target)}: DuckDB renames only within one schema`,
      );
    }
    const statements = existing ? [`drop ${existing} ${qualified(target)}`] : [];
    statements.push(`alter ${kind} ${qualified(staged)} rename to ${target.name}`);
    return statements;
  },
};
