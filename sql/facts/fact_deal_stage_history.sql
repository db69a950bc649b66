-- Deal stage history (SCD type 2): one row per stage a deal entered, in the order it entered them.
-- valid_from is when the deal entered the stage, valid_to when it entered the next one (null while current).
-- previous_stage is the stage of the preceding row of the same deal (not the extract's from_stage, which a
-- dirty export may contradict); movement compares funnel orders: Initial (first row), Forward, Backward,
-- Unknown (same stage again, or a stage outside the funnel).
-- Changes without a timestamp, and changes of deals that are not in stg_crm_deals (deleted or never
-- extracted), cannot be placed in a deal's history and are left out; staging tests report them.
-- days_in_stage is a fact about a closed interval: null while the stage is current (its age grows with the
-- run date; mart_sales_pipeline measures it), so no row depends on the run date.
--
-- Incremental, unique_key deal_id: a deal's whole history is rebuilt when any of it may have changed, since a
-- late change moves change_sequence, previous_stage and valid_to of its neighbours: the deals landed in deals
-- or deal_stage_changes since the last build, and the deals whose rows hold a landed change_id (a change
-- re-extracted under another deal leaves the old one). A deleted deal has no rows in the increment, so the
-- post_hook in schema.yml deletes the rows of every deal no longer in stg_crm_deals.

with

deals as (

    select deal_id from {{ ref('stg_crm_deals') }}
{% if is_incremental() %}
    where deal_id in ({{ landed_keys('deals', 'deal_id') }})
        or deal_id in ({{ landed_keys('deal_stage_changes', 'deal_id') }})
        or deal_id in (
            select deal_id
            from {{ this }}
            where change_id in ({{ landed_keys('deal_stage_changes', 'change_id') }})
        )
{% endif %}

),

stage_changes as (

    select
        changes.change_id,
        changes.deal_id,
        changes.changed_by,
        changes.from_stage as recorded_from_stage,
        changes.to_stage as stage,
        changes.to_stage_order as stage_order,
        changes.changed_at

    from {{ ref('stg_crm_deal_stage_changes') }} as changes

    inner join deals
        on changes.deal_id = deals.deal_id

    where changes.changed_at is not null

),

sequenced as (

    select
        *,
        row_number() over (
            partition by deal_id
            order by changed_at, change_id
        ) as change_sequence,
        lag(stage) over (
            partition by deal_id
            order by changed_at, change_id
        ) as previous_stage,
        lag(stage_order) over (
            partition by deal_id
            order by changed_at, change_id
        ) as previous_stage_order,
        lead(changed_at) over (
            partition by deal_id
            order by changed_at, change_id
        ) as next_changed_at

    from stage_changes

),

final as (

    select

        ----------  ids
        change_id,
        deal_id,
        changed_by,

        ---------- strings
        stage,
        previous_stage,
        recorded_from_stage,
        case
            when change_sequence = 1 then 'Initial'
            when stage_order > previous_stage_order then 'Forward'
            when stage_order < previous_stage_order then 'Backward'
            else 'Unknown'
        end as movement,

        ---------- numerics
        cast(change_sequence as integer) as change_sequence,
        stage_order,
        previous_stage_order,
        cast(
            extract(year from changed_at) * 10000
            + extract(month from changed_at) * 100
            + extract(day from changed_at)
            as integer
        ) as valid_from_date_key,
        case
            when next_changed_at is not null then {{ datediff('changed_at', 'next_changed_at', 'day') }}
        end as days_in_stage,

        ---------- booleans
        case
            when next_changed_at is null then true
            else false
        end as is_current,

        ---------- timestamps
        changed_at as valid_from,
        next_changed_at as valid_to

    from sequenced

)

select * from final
