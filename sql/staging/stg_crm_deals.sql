-- Deals: the latest extracted version of each deal, deletions removed, with closed/won/lost/overdue flags.
-- is_overdue compares with the run date (var run_date), never with the clock.
--
-- Incremental, unique_key deal_id: an increment re-derives, from every raw version of each
-- (latest_landed_versions), the deals landed since the last build and the table's open deals not yet
-- overdue whose expected close date the run date has passed: every other row's is_overdue stays as the
-- run date grows (a closed deal never is overdue, an overdue one stays so, an undated one never becomes
-- so). A deal whose latest version is now a deletion has no increment row to replace its old one: the
-- post_hook in schema.yml deletes it.

with

{% if is_incremental() %}
rederived_ids as (

    {{ landed_keys('deals', 'deal_id') }}

    union

    select deal_id
    from {{ this }}
    where not is_closed
        and not is_overdue
        and expected_close_date < cast('{{ var("run_date") }}' as date)

),

{% endif %}
{{ latest_landed_versions('deals', 'deal_id', 'rederived_ids', name='versions') }},

source as (

    select
        *,
        lower(trim(stage)) as cleaned_stage

    from versions

),

renamed as (

    select

        ----------  ids
        deal_id,
        account_id,
        contact_id,
        owner_id,
        product_id,

        ---------- strings
        nullif(trim(deal_name), '') as deal_name,
        cleaned_stage as stage,

        ---------- numerics
        case cleaned_stage
            when 'prospecting' then 1
            when 'qualification' then 2
            when 'proposal' then 3
            when 'negotiation' then 4
            when 'closed_won' then 5
            when 'closed_lost' then 6
        end as stage_order,
        cast(amount as decimal(18,2)) as amount,
        cast(probability as decimal(5,2)) as probability,

        ---------- booleans
        case
            when cleaned_stage in ('closed_won', 'closed_lost') then true
            else false
        end as is_closed,
        case
            when cleaned_stage = 'closed_won' then true
            else false
        end as is_won,
        case
            when cleaned_stage = 'closed_lost' then true
            else false
        end as is_lost,
        case
            when cleaned_stage in ('closed_won', 'closed_lost') then false
            when expected_close_date < cast('{{ var("run_date") }}' as date) then true
            else false
        end as is_overdue,

        ---------- dates and timestamps
        cast(expected_close_date as date) as expected_close_date,
        cast(closed_at as timestamp) as closed_at,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at

    from source

    where coalesce(is_deleted, false) = false

)

select * from renamed
