import { describe, expect, it } from 'vitest';
import { RedshiftSqlError } from '../../../lib/data-api-endpoint/sql/redshift-sql-error.ts';
import { translateStatement, type PostgresStatement } from '../../../lib/data-api-endpoint/sql/redshift-to-postgres.ts';
import { tokenize } from '../../../lib/data-api-endpoint/sql/sql-tokens.ts';

function translate(sql: string): PostgresStatement {
  return translateStatement(tokenize(sql));
}

function postgresSql(sql: string): string {
  const statement = translate(sql);
  if (statement.kind !== 'sql') throw new Error(`expected SQL, got ${statement.kind}`);
  return statement.sql.replace(/\s+/g, ' ');
}

describe('translateStatement: physical design', () => {
  it('drops table-level DISTSTYLE, DISTKEY, SORTKEY and BACKUP', () => {
    expect(postgresSql('create table a.t (id int, d date) backup no diststyle key distkey(id) compound sortkey(d, id)')).toBe(
      'create table a.t (id int, d date)',
    );
  });

  it('drops column-level ENCODE, DISTKEY and SORTKEY but keeps an encode() call', () => {
    expect(postgresSql(`create table t (id int encode az64 distkey sortkey, b bytea default encode('x', 'hex'))`)).toBe(
      `create table t (id int , b bytea default encode('x', 'hex'))`,
    );
  });

  it('drops the clauses of a CREATE TABLE AS but leaves its query alone', () => {
    expect(postgresSql('create table t diststyle all sortkey auto as select sortkey, encode from s')).toBe(
      'create table t as select sortkey, encode from s',
    );
  });

  it('maps varchar(max), nvarchar and nchar', () => {
    expect(postgresSql('create table t (a varchar(max), b nvarchar(10), c nchar(2), d character varying(MAX))')).toBe(
      'create table t (a varchar(65535), b varchar(10), c char(2), d character varying(65535))',
    );
  });
});

describe('translateStatement: views', () => {
  it('strips WITH NO SCHEMA BINDING and marks the view late-binding', () => {
    const statement = translate('create or replace view s.v as select * from s.t with no schema binding');
    expect(statement).toMatchObject({ kind: 'sql', ddl: { kind: 'create-view', orReplace: true, lateBinding: true } });
    if (statement.kind === 'sql') expect(statement.sql).toBe('create or replace view s.v as select * from s.t');
  });

  it('leaves a schema-bound view bound', () => {
    expect(translate('create view v as select 1')).toMatchObject({ ddl: { kind: 'create-view', lateBinding: false } });
  });
});

describe('translateStatement: functions', () => {
  it('maps sysdate to localtimestamp but not a column named sysdate of a table', () => {
    expect(postgresSql('select sysdate, t.sysdate from t')).toBe('select localtimestamp, t.sysdate from t');
  });

  it('quotes and canonicalises date parts of datediff, dateadd and date_part', () => {
    expect(postgresSql(`select datediff(days, a, b), dateadd(MON, 1, a), datepart(dow, a), date_part('yr', a)`)).toBe(
      `select datediff('day', a, b), dateadd('month', 1, a), date_part('dow', a), date_part('year', a)`,
    );
  });

  it('rewrites listagg … within group into string_agg, nested calls too', () => {
    expect(postgresSql(`select listagg(distinct name, ', ') within group (order by name) from t`)).toBe(
      `select string_agg(distinct cast(name as varchar), ', ' order by name) from t`,
    );
    expect(postgresSql('select listagg(coalesce(listagg(x), y)) from t')).toBe(
      `select string_agg(cast(coalesce(string_agg(cast(x as varchar), ''), y) as varchar), '') from t`,
    );
  });
});

describe('translateStatement: statements that do not reach Postgres as written', () => {
  it('turns VACUUM and ANALYZE COMPRESSION into no-ops', () => {
    expect(translate('vacuum delete only t to 75 percent')).toEqual({ kind: 'no-op' });
    expect(translate('analyze compression t')).toEqual({ kind: 'no-op' });
  });

  it('parses a COPY from S3', () => {
    expect(translate(`copy raw.t from 's3://b/p' iam_role default format as csv`)).toMatchObject({
      kind: 'copy',
      copy: { bucket: 'b', prefix: 'p' },
    });
  });

  it('refuses unbalanced parentheses in a clause it has to remove', () => {
    expect(() => translate('create table t (a int) distkey(a')).toThrow('unbalanced parentheses');
  });

  it('refuses UNLOAD, naming it', () => {
    expect(() => translate(`unload ('select 1') to 's3://b/p'`)).toThrow(RedshiftSqlError);
    expect(() => translate(`unload ('select 1') to 's3://b/p'`)).toThrow('UNLOAD is not emulated');
  });
});

describe('translateStatement: DDL classification', () => {
  it('recognises renames, drops, schema drops and truncates', () => {
    expect(translate('alter table s.t rename to t_old')).toMatchObject({
      ddl: { kind: 'alter-relation', name: { schema: 's', name: 't' }, renameTo: 't_old' },
    });
    expect(translate('drop table if exists s.a, "B" cascade')).toMatchObject({
      ddl: { kind: 'drop-relations', names: [{ schema: 's', name: 'a' }, { name: 'B' }] },
    });
    expect(translate('drop schema if exists x cascade')).toMatchObject({ ddl: { kind: 'drop-schemas', names: ['x'] } });
    expect(translate('truncate table t')).toMatchObject({ ddl: { kind: 'truncate' } });
    expect(translate('select 1')).toMatchObject({ ddl: { kind: 'not-ddl' } });
  });
});

describe('translateStatement: Redshift semantics Postgres lacks', () => {
  it('calls the compatibility AVG for unqualified avg(…) calls only', () => {
    expect(postgresSql('select avg(x), avg (y) over (order by z rows unbounded preceding), s.avg(x), avg from t')).toBe(
      'select redshift_system.avg(x), redshift_system.avg (y) over (order by z rows unbounded preceding), s.avg(x), avg from t',
    );
  });

  it('sends a plain literal holding a backslash as an E literal, and leaves the others alone', () => {
    expect(postgresSql(String.raw`select 'it\'s', 'a\\b', 'plain', 'o''k', E'x\ty', $$a\b$$`)).toBe(
      String.raw`select E'it\'s', E'a\\b', 'plain', 'o''k', E'x\ty', $$a\b$$`,
    );
  });

  it('gives a bare varchar, character varying, nvarchar and bpchar Redshift’s 256', () => {
    expect(postgresSql('create table t (a varchar, b character varying, c nvarchar, d bpchar, e varchar(10), f char, g varchar(max))')).toBe(
      'create table t (a varchar(256), b character varying(256), c varchar(256), d char(256), e varchar(10), f char, g varchar(65535))',
    );
    expect(postgresSql('select cast(x as varchar), y::varchar from t')).toBe('select cast(x as varchar(256)), y::varchar(256) from t');
  });
});

describe('translateStatement: MERGE as narrow as Redshift allows', () => {
  const merge = (text: string) => () => translate(text);

  it('passes the form Redshift documents', () => {
    const sql = `merge into analytics.t using analytics.t__inc on analytics.t.id = analytics.t__inc.id
 when matched then update set "v" = analytics.t__inc."v" when not matched then insert ("id", "v") values (analytics.t__inc."id", analytics.t__inc."v")`;
    expect(postgresSql(sql)).toBe(sql.replace(/\s+/g, ' '));
    expect(postgresSql('merge into "a"."t" using s as x on "a"."t".id = x.id remove duplicates')).toContain('remove duplicates');
  });

  it('refuses an alias on the target, a subquery source, a conditional WHEN and a missing clause, naming each', () => {
    expect(merge('merge into a.t as target using s on target.id = s.id when matched then delete when not matched then insert values (s.id)')).toThrow(RedshiftSqlError);
    expect(merge('merge into a.t target using s on a.t.id = s.id when matched then delete when not matched then insert values (s.id)')).toThrow(/target table cannot have an alias/);
    expect(merge('merge into a.t using (select 1 as id) s on a.t.id = s.id when matched then delete when not matched then insert values (s.id)')).toThrow(/can't be a subquery/);
    expect(merge('merge into a.t using s on a.t.id = s.id when matched and s.v > 0 then delete when not matched then insert values (s.id)')).toThrow(/cannot have a condition/);
    expect(merge('merge into a.t using s on a.t.id = s.id when not matched then insert values (s.id)')).toThrow(/got not matched$/);
    expect(merge('merge a.t using s on a.t.id = s.id when matched then delete when not matched then insert values (s.id)')).toThrow('MERGE must be followed by INTO');
  });
});
