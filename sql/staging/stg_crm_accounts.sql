-- Accounts: the latest extracted version of each account, deletions removed, names cleaned.

with

{{ latest_versions('accounts', 'account_id') }},

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

    where coalesce(is_deleted, false) = false

)

select * from renamed
