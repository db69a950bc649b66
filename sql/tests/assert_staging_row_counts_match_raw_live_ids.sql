-- Completeness of staging: every staging view has exactly one row per live id of its raw table.
-- A live id is a non-null id whose latest extracted version (newest updated_at, then later ingest date,
-- then later file) is not a deletion. Counted here independently of the views (and of the staging dedup
-- macros); any mismatch means the dedup or a filter in staging lost or duplicated rows. Returns one row
-- per table whose counts differ.
--
-- Why a versioned table's live ids are its distinct ids less the ids whose latest version is a deletion:
-- an id whose latest version is a deletion has a deletion among its versions, so only the ids with a
-- deletion (a few hundred of a million raw rows) need their versions ranked, not every version of every
-- id; the difference is the same count as ranking them all, on any data. The ranking keeps the order
-- by and the deletion test staging applies (a null is_deleted is not a deletion); a null id is neither
-- counted by count(distinct) nor selected by `in`.

with

deleted_accounts as (
    select
        is_deleted,
        row_number() over (
            partition by account_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank
    from {{ source('crm', 'accounts') }}
    where account_id in (
        select account_id from {{ source('crm', 'accounts') }} where coalesce(is_deleted, false)
    )
),

deleted_contacts as (
    select
        is_deleted,
        row_number() over (
            partition by contact_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank
    from {{ source('crm', 'contacts') }}
    where contact_id in (
        select contact_id from {{ source('crm', 'contacts') }} where coalesce(is_deleted, false)
    )
),

deleted_deals as (
    select
        is_deleted,
        row_number() over (
            partition by deal_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank
    from {{ source('crm', 'deals') }}
    where deal_id in (
        select deal_id from {{ source('crm', 'deals') }} where coalesce(is_deleted, false)
    )
),

counts as (

    select
        'accounts' as table_name,
        (select count(distinct account_id) from {{ source('crm', 'accounts') }})
        - (select count(*) from deleted_accounts where version_rank = 1 and coalesce(is_deleted, false)) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_accounts') }}) as staging_rows

    union all

    select
        'contacts' as table_name,
        (select count(distinct contact_id) from {{ source('crm', 'contacts') }})
        - (select count(*) from deleted_contacts where version_rank = 1 and coalesce(is_deleted, false)) as raw_live_ids,
        (select count(*) from {{ ref('stg_crm_contacts') }}) as staging_rows

    union all

    select
        'deals' as table_name,
        (select count(distinct deal_id) from {{ source('crm', 'deals') }})
        - (select count(*) from deleted_deals where version_rank = 1 and coalesce(is_deleted, false)) as raw_live_ids,
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
