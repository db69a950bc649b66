/**
 * Postgres DDL. Postgres has transactional DDL, so a swap sent as one transaction is atomic.
 * It has no CREATE OR REPLACE TABLE, and CREATE OR REPLACE VIEW refuses a changed column list,
 * so both drop first. The swap of an existing relation goes through dependent-views.ts, because
 * Postgres views bind early. Redshift's `dist`/`sort` settings have no Postgres meaning and are
 * ignored.
 */
import { qualified } from '../../plan/plan.ts';
import type { ModelConfig, Relation } from '../../plan/plan.ts';
import type { Dialect, RelationKind } from '../engine.ts';
import { keepingDependentViews } from './dependent-views.ts';

export const postgresDialect: Dialect = {
  createSchema(schema: string): string {
    return `create schema if not exists ${schema}`;
  },

  createTableAs(relation: Relation, select: string, _config: ModelConfig): string[] {
    return [`drop table if exists ${qualified(relation)}`, `create table ${qualified(relation)} as\n${select}`];
  },

  createView(relation: Relation, select: string): string[] {
    return [`drop view if exists ${qualified(relation)}`, `create view ${qualified(relation)} as\n${select}`];
  },

  dropRelation(relation: Relation, kind: RelationKind): string {
    return `drop ${kind} if exists ${qualified(relation)}`;
  },

  swap(staged: Relation, target: Relation, kind: RelationKind, existing: RelationKind | undefined): string[] {
    if (staged.schema !== target.schema) {
      throw new Error(
        `cannot swap ${qualified(staged)} into ${qualified(target)}: Postgres renames only within one schema`,
      );
    }
    const rename = `alter ${kind} ${qualified(staged)} rename to ${target.name}`;
    if (!existing) return [rename];
    return [keepingDependentViews(target, [`drop ${existing} ${qualified(target)} cascade`, rename])];
  },
};
