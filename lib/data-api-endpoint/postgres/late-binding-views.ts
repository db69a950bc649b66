import { sqlString } from '../../sql/literals.ts';
import type { DdlStatement } from '../sql/ddl-statement.ts';
import { quoteIdentifier, regclassSql, type RelationName } from '../sql/relation-name.ts';
import { joinTokens } from '../sql/sql-tokens.ts';
import { LATE_BINDING_VIEW_TABLE } from './compatibility-schema.ts';
import { PostgresError, type PostgresSession, type StatementOutcome } from './postgres-session.ts';

type CreateView = Extract<DdlStatement, { kind: 'create-view' }>;

const SAVEPOINT = 'redshift_late_binding_view';
/** SQLSTATE undefined_table: a late-binding view may be created before the relations it reads. */
const UNDEFINED_TABLE = '42P01';
const CREATE_VIEW_OUTCOME: StatementOutcome = { rows: [], commandTag: 'CREATE VIEW' };

/**
 * Emulates Redshift's late-binding views (`WITH NO SCHEMA BINDING`) on Postgres, whose views bind
 * to relations by identity. Each late-binding view's definition is kept in
 * `redshift_system.late_binding_views` (in the database, so a rolled-back batch rolls it back too).
 * Before a statement drops or alters a relation, the late-binding views reading it are dropped;
 * after every DDL statement each recorded view that is missing is created again if it can be,
 * which binds it to whatever relation now has the name it reads.
 *
 * A stored procedure's dynamic SQL (`CALL`) runs inside Postgres, past this bookkeeping, so a
 * CALL is followed by identity: a recorded view renamed by the procedure is recorded under its new
 * name, and one it dropped is forgotten, as Redshift would have it; Postgres itself refuses a
 * procedure's DROP of a relation a view reads (stricter than Redshift, never kinder).
 */
export class LateBindingViews {
  constructor(private readonly session: PostgresSession) {}

  /** Runs one translated statement with the late-binding bookkeeping its DDL needs. */
  async run(sql: string, ddl: DdlStatement): Promise<StatementOutcome> {
    switch (ddl.kind) {
      case 'create-view':
        return ddl.lateBinding ? this.createLateBinding(ddl) : this.createSchemaBound(sql, ddl);
      case 'alter-relation': {
        await this.dropDependents([ddl.name]);
        const outcome = await this.session.run(sql);
        if (ddl.renameTo !== undefined) await this.rename(ddl.name, ddl.renameTo);
        await this.recreateMissing();
        return outcome;
      }
      case 'drop-relations': {
        await this.dropDependents(ddl.names);
        const outcome = await this.session.run(sql);
        for (const name of ddl.names) await this.forget(name);
        await this.recreateMissing();
        return outcome;
      }
      case 'drop-schemas': {
        const outcome = await this.session.run(sql);
        const schemas = ddl.names.map((name) => sqlString(name)).join(', ');
        await this.session.run(`delete from ${LATE_BINDING_VIEW_TABLE} where view_schema in (${schemas})`);
        await this.recreateMissing();
        return outcome;
      }
      case 'other-ddl': {
        const outcome = await this.session.run(sql);
        await this.recreateMissing();
        return outcome;
      }
      case 'call': {
        const recorded = await this.recordedViewIdentities();
        const outcome = await this.session.run(sql);
        await this.followByIdentity(recorded);
        await this.recreateMissing();
        return outcome;
      }
      case 'truncate':
      case 'not-ddl':
        return this.session.run(sql);
    }
  }

  private async createLateBinding(ddl: CreateView): Promise<StatementOutcome> {
    const schema = ddl.name.schema ?? (await this.currentSchema());
    const name: RelationName = { schema, name: ddl.name.name };
    const definition = joinTokens(ddl.definition).trim();
    if (ddl.orReplace) {
      await this.dropDependents([name]);
      await this.session.run(`drop view if exists ${quoteIdentifier(schema)}.${quoteIdentifier(name.name)}`);
    }
    const created = await this.tryCreate({ schema, name: name.name, definition }, UNDEFINED_TABLE);
    await this.session.run(
      `insert into ${LATE_BINDING_VIEW_TABLE} (view_schema, view_name, definition)
       values (${sqlString(schema)}, ${sqlString(name.name)}, ${sqlString(definition)})
       on conflict (view_schema, view_name) do update set definition = excluded.definition`,
    );
    await this.recreateMissing();
    return created ?? CREATE_VIEW_OUTCOME;
  }

  private async createSchemaBound(sql: string, ddl: CreateView): Promise<StatementOutcome> {
    const outcome = await this.session.run(sql);
    await this.forget(ddl.name);
    await this.recreateMissing();
    return outcome;
  }

  /** Drops the recorded late-binding views that read any of `relations`, directly or through other views. */
  private async dropDependents(relations: readonly RelationName[]): Promise<void> {
    const roots = relations.map((relation) => regclassSql(relation)).join(', ');
    const dependents = await this.session.rows(
      `with recursive dependents(oid) as (
         select r.ev_class from pg_depend d join pg_rewrite r on r.oid = d.objid
         where d.classid = 'pg_rewrite'::regclass and d.refobjid in (${roots}) and r.ev_class <> d.refobjid
         union
         select r.ev_class from dependents v
         join pg_depend d on d.refobjid = v.oid and d.classid = 'pg_rewrite'::regclass
         join pg_rewrite r on r.oid = d.objid and r.ev_class <> d.refobjid
       )
       select format('%I.%I', n.nspname, c.relname)
       from dependents v
       join pg_class c on c.oid = v.oid
       join pg_namespace n on n.oid = c.relnamespace
       join ${LATE_BINDING_VIEW_TABLE} l on l.view_schema = n.nspname and l.view_name = c.relname`,
    );
    if (dependents.length === 0) return;
    await this.session.run(`drop view ${dependents.map(([name]) => name).join(', ')}`);
  }

  /** Creates again every recorded view that is missing, as long as one more can be created. */
  private async recreateMissing(): Promise<void> {
    let missing = await this.missingViews();
    let created = true;
    while (missing.length > 0 && created) {
      created = false;
      for (const view of missing) {
        if ((await this.tryCreate(view)) !== undefined) created = true;
      }
      missing = await this.missingViews();
    }
  }

  private async missingViews(): Promise<{ schema: string; name: string; definition: string }[]> {
    const rows = await this.session.rows(
      `select view_schema, view_name, definition from ${LATE_BINDING_VIEW_TABLE}
       where to_regclass(format('%I.%I', view_schema, view_name)) is null
       order by view_schema, view_name`,
    );
    return rows.map(([schema, name, definition]) => ({
      schema: schema as string,
      name: name as string,
      definition: definition as string,
    }));
  }

  /**
   * Creates the view if Postgres can; undefined when it cannot. Only errors with a code in
   * `tolerated` are swallowed (by default any Postgres error: the view simply stays missing).
   */
  private async tryCreate(
    view: { schema: string; name: string; definition: string },
    tolerated?: string,
  ): Promise<StatementOutcome | undefined> {
    await this.session.run(`savepoint ${SAVEPOINT}`);
    try {
      const outcome = await this.session.run(createViewSql(view.schema, view.name, view.definition));
      await this.session.run(`release savepoint ${SAVEPOINT}`);
      return outcome;
    } catch (error) {
      if (!(error instanceof PostgresError)) throw error;
      await this.session.run(`rollback to savepoint ${SAVEPOINT}`);
      await this.session.run(`release savepoint ${SAVEPOINT}`);
      if (tolerated !== undefined && error.code !== tolerated) throw error;
      return undefined;
    }
  }

  private async rename(relation: RelationName, newName: string): Promise<void> {
    const schema = relation.schema ?? (await this.currentSchema());
    await this.session.run(
      `update ${LATE_BINDING_VIEW_TABLE} set view_name = ${sqlString(newName)}
       where view_schema = ${sqlString(schema)} and view_name = ${sqlString(relation.name)}`,
    );
  }

  private async forget(relation: RelationName): Promise<void> {
    const schema = relation.schema ?? (await this.currentSchema());
    await this.session.run(
      `delete from ${LATE_BINDING_VIEW_TABLE}
       where view_schema = ${sqlString(schema)} and view_name = ${sqlString(relation.name)}`,
    );
  }

  /** The recorded views that exist now, by their Postgres identity. */
  private async recordedViewIdentities(): Promise<{ oid: string; schema: string; name: string }[]> {
    const rows = await this.session.rows(
      `select to_regclass(format('%I.%I', view_schema, view_name))::oid::text, view_schema, view_name
       from ${LATE_BINDING_VIEW_TABLE}
       where to_regclass(format('%I.%I', view_schema, view_name)) is not null`,
    );
    return rows.map(([oid, schema, name]) => ({ oid: oid as string, schema: schema as string, name: name as string }));
  }

  /** Forgets the views that are gone, then records the renamed ones under their new names. */
  private async followByIdentity(recorded: readonly { oid: string; schema: string; name: string }[]): Promise<void> {
    const renamed: { schema: string; name: string; newName: string }[] = [];
    for (const view of recorded) {
      const [now] = await this.session.rows(`select relname from pg_class where oid = ${sqlString(view.oid)}::oid`);
      if (now === undefined) await this.forget({ schema: view.schema, name: view.name });
      else if (now[0] !== view.name) renamed.push({ ...view, newName: now[0] as string });
    }
    for (const view of renamed) await this.rename({ schema: view.schema, name: view.name }, view.newName);
  }

  private async currentSchema(): Promise<string> {
    const [row] = await this.session.rows('select current_schema()');
    return row?.[0] ?? 'public';
  }
}

function createViewSql(schema: string, name: string, definition: string): string {
  return `create view ${quoteIdentifier(schema)}.${quoteIdentifier(name)} ${definition}`;
}
