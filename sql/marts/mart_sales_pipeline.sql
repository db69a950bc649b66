-- Sales pipeline by funnel stage: one row per stage (prospecting .. negotiation, closed_won, closed_lost).
-- Current state (from fact_deals): the deals now in the stage, their amount, weighted amount and average size.
-- Flow (from fact_deal_stage_history, every deal that ever entered the stage):
--   stage_conversion_rate = deals that later entered a further funnel stage (a higher open stage or closed_won)
--     / deals that entered the stage; open stages only.
--   historical_win_rate_by_count = won / (won + lost) among the closed deals that entered the stage.
--   average_days_in_stage (stage velocity) = mean days_in_stage of the completed visits (the deal left the stage).
--   average_current_days_in_stage = mean days from valid_from to the run date of the deals now in the stage (the
--     history leaves a current row's days_in_stage null, so that its rows never depend on the run date).
-- Deals with a stage outside the funnel (a data error reported by the fact tests) are in no row.

with

stages as (

    select 1 as stage_order, 'prospecting' as stage
    union all select 2, 'qualification'
    union all select 3, 'proposal'
    union all select 4, 'negotiation'
    union all select 5, 'closed_won'
    union all select 6, 'closed_lost'

),

deals as (

    select * from {{ ref('fact_deals') }}

),

history as (

    select
        *,
        cast('{{ var("run_date") }}' as timestamp) as run_date_at

    from {{ ref('fact_deal_stage_history') }}

),

current_deals as (

    select
        stage_order,
        count(*) as deal_count,
        sum(amount) as pipeline_amount,
        sum(weighted_amount) as weighted_pipeline_amount,
        cast(avg(cast(amount as double precision)) as decimal(18,6)) as average_deal_amount,
        cast(avg(cast(age_days as double precision)) as decimal(18,6)) as average_deal_age_days

    from deals

    where stage_order is not null

    group by stage_order

),

stage_entries as (

    -- The first time each deal entered each stage.
    select
        deal_id,
        stage_order,
        min(change_sequence) as first_change_sequence

    from history

    where stage_order is not null

    group by
        deal_id,
        stage_order

),

advanced_entries as (

    -- Entries of an open stage followed later by a further funnel stage (a higher open stage or closed_won).
    select distinct
        stage_entries.deal_id,
        stage_entries.stage_order

    from stage_entries

    inner join history as later
        on stage_entries.deal_id = later.deal_id
        and later.change_sequence > stage_entries.first_change_sequence
        and later.stage_order > stage_entries.stage_order
        and later.stage_order <= 5

    where stage_entries.stage_order <= 4

),

entry_flow as (

    select
        stage_entries.stage_order,
        count(*) as deals_entered_count,
        sum(case when advanced_entries.deal_id is not null then 1 else 0 end) as deals_advanced_count,
        sum(case when deals.is_won then 1 else 0 end) as entered_won_count,
        sum(case when deals.is_lost then 1 else 0 end) as entered_lost_count

    from stage_entries

    left join advanced_entries
        on stage_entries.deal_id = advanced_entries.deal_id
        and stage_entries.stage_order = advanced_entries.stage_order

    left join deals
        on stage_entries.deal_id = deals.deal_id

    group by stage_entries.stage_order

),

lost_after as (

    -- Moves straight from the stage to closed_lost.
    select
        previous_stage_order as stage_order,
        count(*) as lost_from_stage_count

    from history

    where stage = 'closed_lost'
        and previous_stage_order is not null

    group by previous_stage_order

),

velocity as (

    select
        stage_order,
        sum(case when valid_to is not null then 1 else 0 end) as completed_visit_count,
        cast(
            avg(cast(case when valid_to is not null then days_in_stage end as double precision))
            as decimal(18,6)
        ) as average_days_in_stage,
        max(case when valid_to is not null then days_in_stage end) as max_days_in_stage,
        cast(
            avg(
                cast(
                    case
                        when is_current then {{ datediff('valid_from', 'run_date_at', 'day') }}
                    end
                    as double precision
                )
            )
            as decimal(18,6)
        ) as average_current_days_in_stage

    from history

    where stage_order is not null

    group by stage_order

),

final as (

    select

        ---------- ids
        stages.stage,

        ---------- numerics: current state
        stages.stage_order,
        cast(coalesce(current_deals.deal_count, 0) as integer) as deal_count,
        cast(coalesce(current_deals.pipeline_amount, 0) as decimal(18,2)) as pipeline_amount,
        cast(coalesce(current_deals.weighted_pipeline_amount, 0) as decimal(18,2)) as weighted_pipeline_amount,
        cast(current_deals.average_deal_amount as decimal(18,2)) as average_deal_amount,
        cast(current_deals.average_deal_age_days as decimal(18,2)) as average_deal_age_days,

        ---------- numerics: flow through the stage
        cast(coalesce(entry_flow.deals_entered_count, 0) as integer) as deals_entered_count,
        case
            when stages.stage_order <= 4 then cast(coalesce(entry_flow.deals_advanced_count, 0) as integer)
        end as deals_advanced_count,
        case
            when stages.stage_order <= 4 then cast(coalesce(lost_after.lost_from_stage_count, 0) as integer)
        end as lost_from_stage_count,
        case
            when stages.stage_order <= 4 then cast(
                cast(
                    {{ safe_divide('entry_flow.deals_advanced_count', 'entry_flow.deals_entered_count') }}
                    as decimal(18,6)
                )
                as decimal(9,4)
            )
        end as stage_conversion_rate,
        cast(coalesce(entry_flow.entered_won_count, 0) as integer) as historical_won_count,
        cast(coalesce(entry_flow.entered_lost_count, 0) as integer) as historical_lost_count,
        cast(
            cast(
                {{ safe_divide('entry_flow.entered_won_count', 'entry_flow.entered_won_count + entry_flow.entered_lost_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as historical_win_rate_by_count,

        ---------- numerics: velocity
        cast(coalesce(velocity.completed_visit_count, 0) as integer) as completed_visit_count,
        cast(velocity.average_days_in_stage as decimal(18,2)) as average_days_in_stage,
        cast(velocity.max_days_in_stage as integer) as max_days_in_stage,
        case
            when stages.stage_order <= 4 then cast(velocity.average_current_days_in_stage as decimal(18,2))
        end as average_current_days_in_stage,

        ---------- booleans
        case
            when stages.stage_order <= 4 then true
            else false
        end as is_open_stage

    from stages

    left join current_deals
        on stages.stage_order = current_deals.stage_order

    left join entry_flow
        on stages.stage_order = entry_flow.stage_order

    left join lost_after
        on stages.stage_order = lost_after.stage_order

    left join velocity
        on stages.stage_order = velocity.stage_order

)

select * from final
