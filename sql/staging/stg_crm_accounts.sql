-- Accounts: the latest extracted version of each account, deletions removed, names cleaned.

with

source as (

    select
        *,
        row_number() over (
            partition by account_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank

    from {{ source('crm', 'accounts') }}

    where account_id is not null

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
