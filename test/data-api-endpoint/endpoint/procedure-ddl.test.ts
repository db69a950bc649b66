/**
 * A stored procedure's dynamic SQL drops and renames relations inside Postgres, past the
 * endpoint's late-binding bookkeeping; a CALL is followed by identity, so afterwards the views are
 * recorded as Redshift has them (a renamed view under its new name, a dropped one gone) and later
 * DDL never brings back a view the procedure renamed away.
 */
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import { dataApiClient, execute, queryValues } from './data-api-harness.ts';

let endpoint: DataApiEndpoint;
let client: RedshiftDataClient;

beforeAll(async () => {
  endpoint = await startDataApiEndpoint();
  client = dataApiClient(endpoint);
  await execute(client, 'create schema staging');
  await execute(client, 'create table staging.accounts as select 1 as id');
  await execute(
    client,
    `create or replace procedure staging.run_statements(first_statement varchar(1000), second_statement varchar(1000)) as $$
begin
  execute first_statement;
  execute second_statement;
end;
$$ language plpgsql`,
  );
});

afterAll(async () => {
  client?.destroy();
  await endpoint?.close();
});

const views = async () => queryValues(client, "select relname from pg_class where relkind = 'v' and relnamespace = 'staging'::regnamespace order by 1");

describe('DDL run by a stored procedure', () => {
  it('keeps a late-binding view renamed by the procedure under its new name, and forgets the one it dropped', async () => {
    await execute(client, 'create view staging.stg_accounts as select id from staging.accounts with no schema binding');
    await execute(client, 'create view staging.stg_accounts__pub as select id, 2 as version from staging.accounts with no schema binding');

    await execute(client, `call staging.run_statements('drop view "staging"."stg_accounts"', 'alter table "staging"."stg_accounts__pub" rename to "stg_accounts"')`);
    // Any later DDL recreates the recorded views that are missing: nothing is missing now.
    await execute(client, 'create table staging.other as select 1 as id');

    expect(await views()).toEqual([['stg_accounts']]);
    expect(await queryValues(client, 'select id, version from staging.stg_accounts')).toEqual([[1, 2]]);
    // Still late-binding under its new name: the table it reads can be swapped under it.
    await execute(client, 'create table staging.accounts__wap as select 5 as id');
    await execute(client, 'drop table staging.accounts');
    await execute(client, 'alter table staging.accounts__wap rename to accounts');
    expect(await queryValues(client, 'select id, version from staging.stg_accounts')).toEqual([[5, 2]]);
  });
});
