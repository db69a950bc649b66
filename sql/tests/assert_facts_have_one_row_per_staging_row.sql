-- Each fact keeps exactly the rows of its staging model: joins to dimensions must never drop or fan out
-- rows. Returns one row per fact whose row count differs from its staging model.

with

counts as (

    select
        'fact_deals' as fact_name,
        (select count(*) from {{ ref('stg_crm_deals') }}) as staging_rows,
        (select count(*) from {{ ref('fact_deals') }}) as fact_rows

    union all

    select
        'fact_activities' as fact_name,
        (select count(*) from {{ ref('stg_crm_activities') }}) as staging_rows,
        (select count(*) from {{ ref('fact_activities') }}) as fact_rows

    union all

    select
        'fact_tickets' as fact_name,
        (select count(*) from {{ ref('stg_crm_tickets') }}) as staging_rows,
        (select count(*) from {{ ref('fact_tickets') }}) as fact_rows

    union all

    select
        'fact_orders' as fact_name,
        (select count(*) from {{ ref('stg_crm_orders') }}) as staging_rows,
        (select count(*) from {{ ref('fact_orders') }}) as fact_rows

)

select *
from counts
where staging_rows <> fact_rows
