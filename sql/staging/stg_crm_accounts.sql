-- Accounts: the latest extracted version of each account, deletions removed, names cleaned.

with

repeated_ids as (

    -- Ids extracted more than once: only their rows need ranking. A window over every row would
    -- sort the whole raw table, all columns included, at each read of this view.
    select account_id

    from {{ source('crm', 'accounts') }}

    where account_id is not null

    group by account_id

    having count(*) > 1

),

source as (

    select
        *,
        1 as version_rank

    from {{ source('crm', 'accounts') }}

    where account_id is not null
        and account_id not in (select account_id from repeated_ids)

    union all

    select
        *,
        row_number() over (
            partition by account_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank

    from {{ source('crm', 'accounts') }}

    where account_id in (select account_id from repeated_ids)

),

renamed as (

    select

        ----------  ids
        account_id,
        owner_id,

        ---------- strings
        nullif(trim(account_name), '') as account_name,
        lower(nullif(trim(industry), '')) as industry,
        lower(nullif(trim(account_type), '')) as account_type,
        nullif(trim(country), '') as country,
        nullif(trim(city), '') as city,

        ---------- numerics
        cast(annual_revenue as decimal(18,2)) as annual_revenue,
        cast(employee_count as integer) as employee_count,

        ---------- timestamps
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at

    from source

    where version_rank = 1
        and coalesce(is_deleted, false) = false

)

select * from renamed
