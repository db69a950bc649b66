-- Accounts (SCD type 2): one row per version of an account, rebuilt from every extract in raw
-- (incrementally: the accounts landed since the last build, from all their extracts).
-- A version is a change in the tracked columns (everything stg_crm_accounts keeps but updated_at), cleaned
-- as staging cleans them; the macro landed_versions says how extracts are ordered, collapsed and closed.
-- account_category and revenue_segment use dim_accounts' bands (vars in sql/project.yml), so a fact can
-- ask for an account's segment at a point in time.

with

landed as (

    select
{{ cleaned_account_columns() }},

        ---------- booleans
        coalesce(is_deleted, false) as is_deletion,

        ---------- landing
        _ingest_date,
        _source_file

    from {{ source('crm', 'accounts') }}
{% if is_incremental() %}

    -- Every extract of the records landed since the last build: their versions are rebuilt whole.
    where account_id in ({{ landed_keys('accounts', 'account_id') }})
{% endif %}

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
        {{ account_category('employee_count') }} as account_category,
        {{ revenue_segment('annual_revenue') }} as revenue_segment,

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
