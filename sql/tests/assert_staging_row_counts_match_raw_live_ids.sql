-- Completeness of staging: every staging view has exactly one row per live id of its raw table.
-- A live id is a non-null id whose latest extracted version (newest updated_at, then later ingest date,
-- then later file) is not a deletion. Counted here independently of the views; any mismatch means the
-- dedup or a filter in staging lost or duplicated rows. Returns one row per table whose counts differ.

with

raw_accounts as (
    select
        account_id,
        is_deleted,
        row_number() over (
            partition by account_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank
    from {{ source('crm', 'accounts') }}
    where account_id is not null
),

raw_contacts as (
    select
        contact_id,
        is_deleted,
        row_number() over (
            partition by contact_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank
    from {{ source('crm', 'contacts') }}
    where contact_id is not null
),

raw_deals as (
    select
        deal_id,
        is_deleted,
        row_number() over (
            partition by deal_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank
    from {{ source('crm', 'deals') }}
    where deal_id is not null
),

counts as (

    select
        'accounts' as table_name,
        (select count(*) from raw_accounts where version_rank = 1 and coalesce(is_deleted, false) = false) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_accounts') }}) as staging_rows

    union all

    select
        'contacts' as table_name,
        (select count(*) from raw_contacts where version_rank = 1 and coalesce(is_deleted, false) = false) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_contacts') }}) as staging_rows

    union all

    select
        'deals' as table_name,
        (select count(*) from raw_deals where version_rank = 1 and coalesce(is_deleted, false) = false) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_deals') }}) as staging_rows

    union all

    select
        'products' as table_name,
        (select count(distinct product_id) from {{ source('crm', 'products') }}) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_products') }}) as staging_rows

    union all

    select
        'users' as table_name,
        (select count(distinct user_id) from {{ source('crm', 'users') }}) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_users') }}) as staging_rows

    union all

    select
        'deal_stage_changes' as table_name,
        (select count(distinct change_id) from {{ source('crm', 'deal_stage_changes') }}) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_deal_stage_changes') }}) as staging_rows

    union all

    select
        'activities' as table_name,
        (select count(distinct activity_id) from {{ source('crm', 'activities') }}) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_activities') }}) as staging_rows

    union all

    select
        'tickets' as table_name,
        (select count(distinct ticket_id) from {{ source('crm', 'tickets') }}) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_tickets') }}) as staging_rows

    union all

    select
        'orders' as table_name,
        (select count(distinct order_id) from {{ source('crm', 'orders') }}) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_orders') }}) as staging_rows

)

select *
from counts
where raw_live_ids <> staging_rows
