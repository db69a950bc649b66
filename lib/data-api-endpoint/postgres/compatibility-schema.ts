/**
 * The Redshift functions, system tables and views that Postgres lacks, created in the schema
 * `redshift_system`, which the endpoint's session puts on its search path so that unqualified
 * names (`select … from sys_load_error_detail`, `getdate()`) resolve as on Redshift. Every
 * statement is idempotent: a reopened data directory keeps its load errors and views.
 * The mapping table is in ../sql/redshift-to-postgres.ts.
 */

export const COMPATIBILITY_SCHEMA = 'redshift_system';

/** SYS_LOAD_ERROR_DETAIL's columns (the ones a local COPY can fill), in Redshift's order. */
export const LOAD_ERROR_TABLE = `${COMPATIBILITY_SCHEMA}.sys_load_error_detail`;
export const LATE_BINDING_VIEW_TABLE = `${COMPATIBILITY_SCHEMA}.late_binding_views`;
/** What `information_schema.columns` reads on the endpoint: Postgres' without the late-binding views (../sql/information-schema-columns.ts). */
export const INFORMATION_SCHEMA_COLUMNS_VIEW = `${COMPATIBILITY_SCHEMA}.information_schema_columns`;
/** Session setting read by pg_last_copy_id(). */
export const LAST_COPY_ID_SETTING = 'redshift.last_copy_id';

/** Applied to the endpoint's Postgres session on start (Redshift sessions run in UTC). */
export const SESSION_SETTINGS = [
  `set timezone = 'UTC'`,
  `set search_path = "$user", public, ${COMPATIBILITY_SCHEMA}`,
  `set datestyle = 'ISO, MDY'`,
];

/**
 * Run after a Data API call when no Data API session is alive: a Redshift session ends with each
 * call, taking its temporary tables and its pg_last_copy_id() with it.
 */
export const SESSION_END_STATEMENTS = ['discard temp', `select set_config('${LAST_COPY_ID_SETTING}', '', false)`];

export function compatibilitySchemaStatements(): string[] {
  return [
    `create schema if not exists ${COMPATIBILITY_SCHEMA}`,
    `create table if not exists ${LOAD_ERROR_TABLE} (
      user_id integer,
      query_id bigint,
      transaction_id bigint,
      session_id integer,
      database_name varchar(128),
      table_id integer,
      start_time timestamp,
      file_name varchar(1024),
      line_number bigint,
      column_name varchar(127),
      column_type varchar(32),
      column_length varchar(10),
      position integer,
      error_code integer,
      error_message varchar(512),
      raw_line varchar(1024),
      raw_field_value varchar(1024)
    )`,
    `create table if not exists ${LATE_BINDING_VIEW_TABLE} (
      view_schema text not null,
      view_name text not null,
      definition text not null,
      primary key (view_schema, view_name)
    )`,
    `create or replace function ${COMPATIBILITY_SCHEMA}.pg_last_copy_id() returns integer
      language sql stable as $$
        select coalesce(nullif(current_setting('${LAST_COPY_ID_SETTING}', true), ''), '-1')::integer
      $$`,
    `create or replace function ${COMPATIBILITY_SCHEMA}.getdate() returns timestamp
      language sql stable as $$ select statement_timestamp() at time zone current_setting('TimeZone') $$`,
    ...dateFunctions(),
    ...averageAggregates(),
    `create or replace view ${INFORMATION_SCHEMA_COLUMNS_VIEW} as
      select columns.*
      from information_schema.columns as columns
      where not exists (
        select 1 from ${LATE_BINDING_VIEW_TABLE} as views
        where views.view_schema = columns.table_schema and views.view_name = columns.table_name
      )`,
    `create or replace view ${COMPATIBILITY_SCHEMA}.svv_tables as
      select table_catalog::varchar(128) as table_catalog,
             table_schema::varchar(128) as table_schema,
             table_name::varchar(128) as table_name,
             table_type::varchar(128) as table_type,
             null::varchar(512) as remarks
      from information_schema.tables`,
    `create or replace view ${COMPATIBILITY_SCHEMA}.svv_columns as
      select table_catalog::varchar(128) as table_catalog,
             table_schema::varchar(128) as table_schema,
             table_name::varchar(128) as table_name,
             column_name::varchar(128) as column_name,
             ordinal_position::integer as ordinal_position,
             column_default::varchar(4000) as column_default,
             is_nullable::varchar(3) as is_nullable,
             data_type::varchar(128) as data_type,
             character_maximum_length::integer as character_maximum_length,
             numeric_precision::integer as numeric_precision,
             numeric_scale::integer as numeric_scale,
             null::varchar(512) as remarks
      from information_schema.columns`,
  ];
}

/**
 * Redshift's DATEDIFF counts date part boundaries crossed (weeks start on Sunday) and DATEADD adds
 * whole units; the date part arrives canonicalised by datepart-arguments.ts. The timestamptz
 * overloads exist because Postgres only casts timestamptz to timestamp on assignment.
 */
function dateFunctions(): string[] {
  const schema = COMPATIBILITY_SCHEMA;
  return [
    `create or replace function ${schema}.datediff(part text, start_at timestamp, end_at timestamp) returns bigint
      language sql immutable as $$
        select case part
          when 'year' then extract(year from end_at) - extract(year from start_at)
          when 'quarter' then (extract(year from end_at) - extract(year from start_at)) * 4
            + extract(quarter from end_at) - extract(quarter from start_at)
          when 'month' then (extract(year from end_at) - extract(year from start_at)) * 12
            + extract(month from end_at) - extract(month from start_at)
          when 'week' then ((end_at::date - start_at::date) - (extract(dow from end_at) - extract(dow from start_at))) / 7
          when 'day' then end_at::date - start_at::date
          when 'hour' then extract(epoch from date_trunc('hour', end_at) - date_trunc('hour', start_at)) / 3600
          when 'minute' then extract(epoch from date_trunc('minute', end_at) - date_trunc('minute', start_at)) / 60
          when 'second' then extract(epoch from date_trunc('second', end_at) - date_trunc('second', start_at))
        end::bigint
      $$`,
    `create or replace function ${schema}.datediff(part text, start_at timestamptz, end_at timestamptz) returns bigint
      language sql stable as $$ select ${schema}.datediff(part, start_at::timestamp, end_at::timestamp) $$`,
    `create or replace function ${schema}.dateadd(part text, amount bigint, value timestamp) returns timestamp
      language sql immutable as $$
        select value + amount * case part
          when 'quarter' then interval '3 months'
          when 'week' then interval '7 days'
          else ('1 ' || part)::interval
        end
      $$`,
    `create or replace function ${schema}.dateadd(part text, amount bigint, value timestamptz) returns timestamp
      language sql stable as $$ select ${schema}.dateadd(part, amount, value::timestamp) $$`,
  ];
}

/**
 * Redshift's AVG returns BIGINT for an integer argument and, for a DECIMAL, a DECIMAL(38, s) of the
 * argument's scale; DOUBLE PRECISION for a floating-point one
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_AVG.html). Postgres' avg returns numeric with
 * up to 16+ decimals for both. The translation calls these instead (redshift-to-postgres.ts). The
 * page does not say how the dropped digits go; like the integer example (avg of 1 and 2 is 1),
 * they are truncated. A value's scale is its own display scale, which is the column's for a
 * column and the expression's for an expression.
 */
function averageAggregates(): string[] {
  const schema = COMPATIBILITY_SCHEMA;
  const integerTypes = ['smallint', 'integer', 'bigint'];
  return [
    `create or replace function ${schema}.avg_integer_result(state numeric[]) returns bigint
      language sql immutable as $$ select case when state[2] > 0 then trunc(state[1] / state[2])::bigint end $$`,
    `create or replace function ${schema}.avg_decimal_result(state numeric[]) returns numeric
      language sql immutable as $$ select case when state[2] > 0 then trunc(state[1] / state[2], state[3]::integer) end $$`,
    ...integerTypes.flatMap((type) => [
      `create or replace function ${schema}.avg_accumulate(state numeric[], value ${type}) returns numeric[]
        language sql immutable strict as $$ select array[state[1] + value, state[2] + 1, 0] $$`,
      `create or replace aggregate ${schema}.avg(${type}) (
        sfunc = ${schema}.avg_accumulate, stype = numeric[], initcond = '{0,0,0}', finalfunc = ${schema}.avg_integer_result
      )`,
    ]),
    `create or replace function ${schema}.avg_accumulate(state numeric[], value numeric) returns numeric[]
      language sql immutable strict as $$ select array[state[1] + value, state[2] + 1, greatest(state[3], scale(value))] $$`,
    `create or replace aggregate ${schema}.avg(numeric) (
      sfunc = ${schema}.avg_accumulate, stype = numeric[], initcond = '{0,0,0}', finalfunc = ${schema}.avg_decimal_result
    )`,
    `create or replace aggregate ${schema}.avg(double precision) (
      sfunc = pg_catalog.float8_accum, stype = double precision[], initcond = '{0,0,0}', finalfunc = pg_catalog.float8_avg
    )`,
    `create or replace aggregate ${schema}.avg(real) (
      sfunc = pg_catalog.float4_accum, stype = double precision[], initcond = '{0,0,0}', finalfunc = pg_catalog.float8_avg
    )`,
  ];
}
