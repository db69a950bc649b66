{{ config(severity='warn') }}
-- Completeness of the landing: the tables that change every day (deals, deal stage changes, activities,
-- tickets, orders) must have rows for every ingest date that any of them has. A (table, day) returned here
-- means that day's extract of the table is missing or empty; its changes arrive late, if at all.
-- Quiet tables (accounts, contacts, products, users) may legitimately have days without changes.

with

landed as (

    select distinct 'deals' as table_name, _ingest_date from {{ source('crm', 'deals') }}
    union all
    select distinct 'deal_stage_changes' as table_name, _ingest_date from {{ source('crm', 'deal_stage_changes') }}
    union all
    select distinct 'activities' as table_name, _ingest_date from {{ source('crm', 'activities') }}
    union all
    select distinct 'tickets' as table_name, _ingest_date from {{ source('crm', 'tickets') }}
    union all
    select distinct 'orders' as table_name, _ingest_date from {{ source('crm', 'orders') }}

),

busy_tables as (

    select 'deals' as table_name
    union all select 'deal_stage_changes'
    union all select 'activities'
    union all select 'tickets'
    union all select 'orders'

),

ingest_days as (

    select distinct _ingest_date from landed

),

expected as (

    select
        busy_tables.table_name,
        ingest_days._ingest_date

    from busy_tables

    cross join ingest_days

)

select
    expected.table_name,
    expected._ingest_date as missing_ingest_date

from expected

left join landed
    on expected.table_name = landed.table_name
    and expected._ingest_date = landed._ingest_date

where landed.table_name is null
