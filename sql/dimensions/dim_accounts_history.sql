-- Accounts (SCD type 2): one row per version of an account, rebuilt from every extract in raw.
-- A version is a change in the tracked columns (everything stg_crm_accounts keeps but updated_at), cleaned
-- as staging cleans them; the macro landed_versions says how extracts are ordered, collapsed and closed.
-- account_category and revenue_segment use dim_accounts' bands (vars in sql/project.yml), so a fact can
-- ask for an account's segment at a point in time.

with

landed as (

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

        ---------- booleans
        coalesce(is_deleted, false) as is_deletion,

        ---------- timestamps
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at,

        ---------- landing
        _ingest_date,
        _source_file

    from {{ source('crm', 'accounts') }}

),

{{ landed_versions('landed', 'account_id', ['owner_id', 'account_name', 'industry', 'account_type', 'country', 'city', 'annual_revenue', 'employee_count', 'created_at']) }},

final as (

    select

        ----------  ids
        account_id || '@' || cast(version_number as varchar(12)) as account_version_id,
        account_id,
        owner_id,

        ---------- strings
        account_name,
        industry,
        account_type,
        country,
        city,
        case
            when employee_count >= {{ var('account_category_enterprise_min_employees') }} then 'Enterprise'
            when employee_count >= {{ var('account_category_mid_market_min_employees') }} then 'Mid-Market'
            when employee_count >= 0 then 'SMB'
            else 'Unknown'
        end as account_category,
        case
            when annual_revenue >= {{ var('revenue_segment_large_enterprise_min') }} then 'Large Enterprise'
            when annual_revenue >= {{ var('revenue_segment_enterprise_min') }} then 'Enterprise'
            when annual_revenue >= {{ var('revenue_segment_mid_market_min') }} then 'Mid-Market'
            when annual_revenue >= {{ var('revenue_segment_small_business_min') }} then 'Small Business'
            when annual_revenue >= 0 then 'Micro'
            else 'Unknown'
        end as revenue_segment,

        ---------- numerics
        annual_revenue,
        employee_count,
        cast(version_number as integer) as version_number,

        ---------- booleans
        is_current,
        ended_by_deletion,

        ---------- timestamps
        created_at,
        valid_from,
        valid_to

    from versions

)

select * from final
