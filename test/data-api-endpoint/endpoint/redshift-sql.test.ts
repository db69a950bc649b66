import { BatchExecuteStatementCommand, GetStatementResultCommand, type RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import { dataApiClient, execute, queryValues, runStatement, TARGET, waitForStatement } from './data-api-harness.ts';

let endpoint: DataApiEndpoint;
let client: RedshiftDataClient;

beforeAll(async () => {
  endpoint = await startDataApiEndpoint();
  client = dataApiClient(endpoint);
  await execute(client, 'create schema analytics');
});

afterAll(async () => {
  client?.destroy();
  await endpoint?.close();
});

async function batch(sqls: string[]) {
  const { Id } = await client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: sqls }));
  return waitForStatement(client, Id as string);
}

describe('physical design clauses', () => {
  it('accepts DISTSTYLE, DISTKEY, SORTKEY, ENCODE and BACKUP in CREATE TABLE and CREATE TABLE AS', async () => {
    await execute(
      client,
      `create table analytics.accounts (
         account_id varchar(64) not null encode zstd distkey,
         revenue decimal(18,2) encode az64,
         created_at timestamp sortkey
       ) backup no diststyle key distkey(account_id) compound sortkey(created_at, account_id)`,
    );
    await execute(client, `insert into analytics.accounts values ('a', 10.5, '2024-01-01 00:00:00')`);
    await execute(
      client,
      'create table analytics.accounts_copy diststyle all interleaved sortkey (account_id) as select * from analytics.accounts',
    );
    expect(await queryValues(client, 'select account_id, revenue from analytics.accounts_copy')).toEqual([['a', '10.50']]);
  });
});

describe('late-binding views', () => {
  it('survive the write-audit-publish swap of a table they read and then read the new table', async () => {
    await execute(client, `create table analytics.deals as select 1 as deal_id, 'old' as version`);
    await execute(client, 'create view analytics.deal_versions as select version from analytics.deals with no schema binding');
    await execute(client, 'create view analytics.deal_count as select count(*) as n from analytics.deal_versions with no schema binding');
    await execute(client, `create table analytics.deals__wap as select 2 as deal_id, 'new' as version`);

    const swap = await batch([
      'alter table analytics.deals rename to deals__old',
      'alter table analytics.deals__wap rename to deals',
      'drop table analytics.deals__old',
    ]);
    expect(swap.Status).toBe('FINISHED');
    expect(await queryValues(client, 'select version from analytics.deal_versions')).toEqual([['new']]);
    expect(await queryValues(client, 'select n from analytics.deal_count')).toEqual([[1]]);
  });

  it('survive replacing a view they read by a renamed staging view', async () => {
    await execute(client, 'create view analytics.stg as select 1 as id with no schema binding');
    await execute(client, 'create view analytics.uses_stg as select id from analytics.stg with no schema binding');
    await execute(client, 'create view analytics.stg__wap as select 2 as id with no schema binding');
    const swap = await batch(['drop view analytics.stg', 'alter view analytics.stg__wap rename to stg']);
    expect(swap.Status).toBe('FINISHED');
    expect(await queryValues(client, 'select id from analytics.uses_stg')).toEqual([[2]]);
  });

  it('may be created before the table they read, and replaced with different columns', async () => {
    await execute(client, 'create view analytics.early as select later_id from analytics.later with no schema binding');
    expect(await runStatement(client, 'select * from analytics.early')).toMatchObject({ Status: 'FAILED' });
    await execute(client, 'create table analytics.later as select 5 as later_id');
    expect(await queryValues(client, 'select later_id from analytics.early')).toEqual([[5]]);

    await execute(client, `create or replace view analytics.early as select 'x' as other from analytics.later with no schema binding`);
    expect(await queryValues(client, 'select other from analytics.early')).toEqual([['x']]);
  });

  it('still fail on errors other than a missing relation', async () => {
    expect(await runStatement(client, 'create view analytics.broken as selec 1 with no schema binding')).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: syntax error at or near "selec"',
    });
    await execute(client, 'create table analytics.after_broken (n int)');
    expect(await runStatement(client, 'select * from analytics.broken')).toMatchObject({ Status: 'FAILED' });
  });

  it('roll back with the batch that created them', async () => {
    const failed = await batch([
      'create view analytics.rolled_back as select 1 as n with no schema binding',
      'select 1 / 0',
    ]);
    expect(failed.Status).toBe('FAILED');
    await execute(client, 'create table analytics.rolled_back_probe (n int)');
    expect(await runStatement(client, 'select * from analytics.rolled_back')).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: relation "analytics.rolled_back" does not exist',
    });
  });

  it('leave schema-bound views early-binding, as Postgres and Redshift both do', async () => {
    await execute(client, 'create table analytics.bound_source as select 1 as n');
    await execute(client, 'create view analytics.bound as select n from analytics.bound_source');
    expect(await runStatement(client, 'drop table analytics.bound_source')).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: cannot drop table analytics.bound_source because other objects depend on it',
    });
  });
});

describe('functions Postgres lacks', () => {
  it('getdate() and sysdate are UTC timestamps without a time zone', async () => {
    const [[getdate, sysdate, ordered]] = (await queryValues(client, 'select getdate(), sysdate, getdate() >= sysdate')) as [
      [string, string, boolean],
    ];
    expect(getdate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    expect(sysdate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    expect(ordered).toBe(true);
    expect(Math.abs(Date.parse(`${getdate.replace(' ', 'T')}Z`) - Date.now())).toBeLessThan(60_000);
  });

  it('datediff counts boundaries crossed, weeks starting on Sunday', async () => {
    expect(
      await queryValues(
        client,
        `select datediff(day, '2024-01-01', '2024-03-01'),
                datediff(month, '2024-01-31', '2024-02-01'),
                datediff(year, '2023-12-31 23:59:59', '2024-01-01 00:00:00'),
                datediff(qtr, '2024-03-31', '2024-04-01'),
                datediff(week, '2024-01-06', '2024-01-07'),
                datediff(week, '2024-01-07', '2024-01-13'),
                datediff(hour, '2024-01-01 10:59:00', '2024-01-01 11:00:00'),
                datediff(d, current_date, current_date + 1)`,
      ),
    ).toEqual([[60, 1, 1, 1, 1, 0, 1, 1]]);
  });

  it('dateadd adds whole units and returns a timestamp', async () => {
    expect(
      await queryValues(client, `select dateadd(month, 1, '2024-01-31'), dateadd(qtr, -1, '2024-05-15'), dateadd(w, 2, cast('2024-01-01' as date))`),
    ).toEqual([['2024-02-29 00:00:00', '2024-02-15 00:00:00', '2024-01-15 00:00:00']]);
  });

  it('listagg … within group works as string_agg', async () => {
    expect(
      await queryValues(
        client,
        `select listagg(name, ',') within group (order by name desc) from (values ('a'), ('c'), ('b')) as v(name)`,
      ),
    ).toEqual([['c,b,a']]);
  });
});

describe('system views and maintenance', () => {
  it('svv_tables and information_schema list tables and views', async () => {
    await execute(client, 'create table analytics.listed (n int)');
    expect(
      await queryValues(
        client,
        `select table_schema, table_name, table_type from svv_tables where table_schema = 'analytics' and table_name in ('listed', 'deal_count') order by table_name`,
      ),
    ).toEqual([
      ['analytics', 'deal_count', 'VIEW'],
      ['analytics', 'listed', 'BASE TABLE'],
    ]);
    expect(
      await queryValues(client, `select column_name, data_type from svv_columns where table_schema = 'analytics' and table_name = 'listed'`),
    ).toEqual([['n', 'integer']]);
  });

  it('describes a late-binding view in svv_columns but not in information_schema.columns, as Redshift', async () => {
    // Redshift keeps no pg_attribute rows for a late-binding view (its columns come from
    // pg_get_late_binding_view_cols()), so information_schema.columns leaves it out; SVV_COLUMNS includes it:
    // https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_COLUMNS.html
    await execute(client, 'create view analytics.late_listed as select n from analytics.listed with no schema binding');
    await execute(client, 'create view analytics.bound_listed as select n from analytics.listed');
    const columnsOf = (catalog: string) =>
      queryValues(client, `select table_name, column_name from ${catalog} where table_schema = 'analytics' and table_name in ('late_listed', 'bound_listed', 'listed') order by table_name`);
    expect(await columnsOf('information_schema.columns')).toEqual([
      ['bound_listed', 'n'],
      ['listed', 'n'],
    ]);
    expect(await columnsOf('INFORMATION_SCHEMA . "columns"')).toEqual([
      ['bound_listed', 'n'],
      ['listed', 'n'],
    ]);
    expect(await columnsOf('svv_columns')).toEqual([
      ['bound_listed', 'n'],
      ['late_listed', 'n'],
      ['listed', 'n'],
    ]);
  });

  it('accepts VACUUM and ANALYZE COMPRESSION without running them', async () => {
    expect(await runStatement(client, 'vacuum delete only analytics.listed')).toMatchObject({ Status: 'FINISHED', HasResultSet: false });
    expect(await runStatement(client, 'analyze compression analytics.listed')).toMatchObject({ Status: 'FINISHED' });
  });
});

describe('TRUNCATE', () => {
  it('commits the open transaction, as Redshift’s does, so a later failure in the batch cannot undo it', async () => {
    await execute(client, 'create table analytics.truncated as select 1 as n');
    const failed = await batch([
      'insert into analytics.truncated values (2)',
      'truncate analytics.truncated',
      'insert into analytics.truncated values (3)',
      'select 1 / 0',
    ]);
    expect(failed.SubStatements?.map((sub) => sub.Status)).toEqual(['FINISHED', 'FINISHED', 'FINISHED', 'FAILED']);
    expect(await queryValues(client, 'select count(*) from analytics.truncated')).toEqual([[0]]);
  });
});

describe('AVG returns Redshift’s types', () => {
  it('averages integers to a truncated BIGINT, as avg of 1 and 2 is 1 on Redshift', async () => {
    expect(await queryValues(client, 'select avg(n) from (select 1 as n union all select 2) as t')).toEqual([[1]]);
    expect(await queryValues(client, 'select avg(cast(n as smallint)), avg(cast(n as bigint)) from (select -1 as n union all select -2) as t')).toEqual([[-1, -1]]);
    const description = await runStatement(client, 'select avg(n) as a from (select 1 as n) as t');
    const result = await client.send(new GetStatementResultCommand({ Id: description.Id as string }));
    expect(result.ColumnMetadata?.[0]?.typeName).toBe('int8');
  });

  it('keeps a decimal’s scale, truncating the rest, and ignores nulls', async () => {
    expect(
      await queryValues(client, 'select avg(amount) from (select cast(1.00 as decimal(18,2)) as amount union all select 2.00 union all select 2.00 union all select null) as t'),
    ).toEqual([['1.66']]);
  });

  it('averages doubles as doubles, over a window too', async () => {
    expect(await queryValues(client, 'select avg(cast(n as double precision)) from (select 1 as n union all select 2) as t')).toEqual([[1.5]]);
    expect(
      await queryValues(
        client,
        'select avg(n) over (order by n rows between 1 preceding and current row) from (select 1 as n union all select 2) as t order by n',
      ),
    ).toEqual([[1], [1]]);
  });

  it('is null over no rows and works with DISTINCT', async () => {
    expect(await queryValues(client, 'select avg(n), avg(distinct n) from (select 1 as n union all select 1 union all select 4) as t where n > 0')).toEqual([[2, 2]]);
    expect(await queryValues(client, 'select avg(n) from (select 1 as n) as t where n > 1')).toEqual([[null]]);
  });
});

describe('backslashes in string literals', () => {
  it('reads a backslash as an escape character in a plain literal, as Redshift does', async () => {
    expect(await queryValues(client, String.raw`select 'it\'s', 'a\\b', length('a\\b'), 'tab\there'`)).toEqual([["it's", 'a\\b', 3, 'tab\there']]);
  });

  it('fails a literal that a trailing backslash leaves open, instead of reading it as Postgres would', async () => {
    expect(await runStatement(client, String.raw`select 'C:\dir\'`)).toMatchObject({ Status: 'FAILED', Error: 'ERROR: unterminated quoted string' });
  });

  it('passes parameter values through unchanged, backslashes and quotes included', async () => {
    const value = String.raw`C:\dir\ it's \n`;
    expect(await queryValues(client, 'select :v', [{ name: 'v', value }])).toEqual([[value]]);
  });
});

describe('bare character types', () => {
  it('makes a bare VARCHAR 256 characters long, so a longer value fails as on Redshift', async () => {
    await execute(client, 'create table analytics.bare_varchar (v varchar, w character varying)');
    await execute(client, `insert into analytics.bare_varchar values ('${'x'.repeat(256)}', 'y')`);
    expect(await runStatement(client, `insert into analytics.bare_varchar values ('${'x'.repeat(257)}', 'y')`)).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: value too long for type character varying(256)',
    });
    expect(await queryValues(client, `select length(cast('${'z'.repeat(300)}' as varchar))`)).toEqual([[256]]);
  });
});

describe('byte lengths of character columns', () => {
  it('counts bytes in the columns of CREATE TABLE, as Redshift does, with Redshift’s message', async () => {
    await execute(client, 'create table analytics.byte_lengths (v varchar(3), c char(2), n int)');
    await execute(client, "insert into analytics.byte_lengths values ('abc', 'ab', 1), ('é', 'a', 2)");
    expect(await runStatement(client, "insert into analytics.byte_lengths values ('éé', 'a', 2)")).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: value too long for type character varying(3)',
    });
    expect(await runStatement(client, "update analytics.byte_lengths set c = 'éé'")).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: value too long for type character(2)',
    });
  });

  it('checks a column added by ALTER TABLE and the columns of CREATE TABLE … (LIKE …)', async () => {
    await execute(client, 'create table analytics.byte_added (n int)');
    await execute(client, 'alter table analytics.byte_added add column v varchar(2)');
    expect((await runStatement(client, "insert into analytics.byte_added values (1, 'éa')")).Error).toBe(
      'ERROR: value too long for type character varying(2)',
    );
    await execute(client, 'create table analytics.byte_like (like analytics.byte_added)');
    expect((await runStatement(client, "insert into analytics.byte_like values (1, 'éa')")).Error).toBe(
      'ERROR: value too long for type character varying(2)',
    );
  });

  it('keeps other check failures as Postgres words them', async () => {
    await execute(client, 'create table analytics.other_check (n int check (n > 0))');
    expect((await runStatement(client, 'insert into analytics.other_check values (0)')).Error).toBe(
      'ERROR: new row for relation "other_check" violates check constraint "other_check_n_check"',
    );
  });
});
