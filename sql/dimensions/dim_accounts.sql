-- Accounts (SCD type 1: current state only), with size category, revenue segment and owner.
-- Bands (thresholds are vars in sql/project.yml):
--   account_category by employee_count (the sales teams' segments): Enterprise >= 1000, Mid-Market >= 100,
--     SMB >= 0, else Unknown
--   revenue_segment by annual_revenue: Large Enterprise >= 1B, Enterprise >= 100M, Mid-Market >= 10M,
--     Small Business >= 1M, Micro >= 0, else Unknown
-- account_region: the sales region of the account's country (seed country_regions), else Unknown.

with

accounts as (

    select * from {{ ref('stg_crm_accounts') }}

),

users as (

    select * from {{ ref('stg_crm_users') }}

),

country_regions as (

    select * from {{ ref('country_regions') }}

),

final as (

    select

        ----------  ids
        accounts.account_id,
        accounts.owner_id,

        ---------- strings
        accounts.account_name,
        accounts.industry,
        accounts.account_type,
        accounts.country,
        accounts.city,
        coalesce(country_regions.region, 'Unknown') as account_region,
        {{ account_category('accounts.employee_count') }} as account_category,
        {{ revenue_segment('accounts.annual_revenue') }} as revenue_segment,
        owners.full_name as owner_name,
        owners.team as owner_team,
        owners.region as owner_region,

        ---------- numerics
        accounts.annual_revenue,
        accounts.employee_count,

        ---------- booleans
        case
            when owners.user_id is not null then true
            else false
        end as has_known_owner,

        ---------- timestamps
        accounts.created_at,
        accounts.updated_at

    from accounts

    left join users as owners
        on accounts.owner_id = owners.user_id

    left join country_regions
        on accounts.country = country_regions.country

)

select * from final
