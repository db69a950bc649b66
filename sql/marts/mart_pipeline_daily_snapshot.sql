-- Open pipeline as of the end of each day: one row per day of the window of var('pipeline_snapshot_days') days
-- that ends on the run date. Rebuilt from fact_deal_stage_history, so any past day can be reproduced.
-- A deal is in the open pipeline at the end of day D when the last stage it entered on or before D is an open
-- funnel stage (prospecting, qualification, proposal, negotiation).
-- Amounts are the deal's current amount (the history holds stages, not amounts). The weighted amount uses the
-- deal's own probability while the deal is in its current stage (so the run date matches fact_deals), and the
-- standard probability of the stage (vars stage_probability_*) for a past stage.

with

{{ run_day() }},

days as (

    select
        dates.date_day

    from {{ ref('dim_dates') }} as dates

    cross join run_day

    where dates.date_day <= run_day.date_day
        and {{ datediff('dates.date_day', 'run_day.date_day', 'day') }} < {{ var('pipeline_snapshot_days') }}

),

window_start as (

    select
        min(date_day) as date_day

    from days

),

deals as (

    select * from {{ ref('fact_deals') }}

),

open_stage_visits as (

    select
        history.deal_id,
        history.stage_order,
        cast(history.valid_from as date) as valid_from_date,
        cast(history.valid_to as date) as valid_to_date,
        deals.amount,
        case
            when history.is_current and history.stage = deals.stage then deals.weighted_amount
            else cast(
                deals.amount
                * case history.stage_order
                    when 1 then {{ var('stage_probability_prospecting') }}
                    when 2 then {{ var('stage_probability_qualification') }}
                    when 3 then {{ var('stage_probability_proposal') }}
                    when 4 then {{ var('stage_probability_negotiation') }}
                end
                * 0.01
                as decimal(18,2)
            )
        end as weighted_amount

    from {{ ref('fact_deal_stage_history') }} as history

    inner join deals
        on history.deal_id = deals.deal_id

    cross join window_start

    -- Only visits that reach into the window: an older one changes none of its days.
    where history.stage_order between 1 and 4
        and (history.valid_to is null or cast(history.valid_to as date) > window_start.date_day)

),

pipeline_changes as (

    -- A visit joins the open pipeline at the end of the day it was entered (the window's first day for an older
    -- visit) and leaves it at the end of the day it was left. A visit left on the day it was entered (or earlier)
    -- was never open at the end of a day.
    select
        case
            when valid_from_date < window_start.date_day then window_start.date_day
            else valid_from_date
        end as change_date,
        1 as deal_count_change,
        case when amount is not null then 1 else 0 end as amount_count_change,
        stage_order,
        amount as amount_change,
        weighted_amount as weighted_amount_change

    from open_stage_visits

    cross join window_start

    where valid_to_date is null or valid_to_date > valid_from_date

    union all

    select
        valid_to_date as change_date,
        -1 as deal_count_change,
        case when amount is not null then -1 else 0 end as amount_count_change,
        stage_order,
        -amount as amount_change,
        -weighted_amount as weighted_amount_change

    from open_stage_visits

    where valid_to_date > valid_from_date

),

daily_changes as (

    select
        change_date,
        sum(deal_count_change) as deal_count_change,
        sum(amount_count_change) as amount_count_change,
        sum(amount_change) as amount_change,
        sum(weighted_amount_change) as weighted_amount_change,
        sum(case when stage_order = 1 then amount_change else 0 end) as prospecting_amount_change,
        sum(case when stage_order = 2 then amount_change else 0 end) as qualification_amount_change,
        sum(case when stage_order = 3 then amount_change else 0 end) as proposal_amount_change,
        sum(case when stage_order = 4 then amount_change else 0 end) as negotiation_amount_change

    from pipeline_changes

    group by change_date

),

daily as (

    -- The open pipeline at the end of a day is the sum of the changes of the window's days up to it.
    select
        days.date_day,
        sum(daily_changes.deal_count_change) as open_deal_count,
        -- Null when no open deal has an amount, as a sum over the open deals' amounts would be.
        case
            when sum(daily_changes.amount_count_change) > 0 then sum(daily_changes.amount_change)
        end as open_pipeline_amount,
        sum(daily_changes.weighted_amount_change) as weighted_pipeline_amount,
        sum(daily_changes.prospecting_amount_change) as prospecting_amount,
        sum(daily_changes.qualification_amount_change) as qualification_amount,
        sum(daily_changes.proposal_amount_change) as proposal_amount,
        sum(daily_changes.negotiation_amount_change) as negotiation_amount

    from days

    inner join daily_changes
        on daily_changes.change_date <= days.date_day

    group by days.date_day

),

final as (

    select

        ---------- dates
        days.date_day as snapshot_date,

        ---------- numerics
        cast(coalesce(daily.open_deal_count, 0) as integer) as open_deal_count,
        cast(coalesce(daily.open_pipeline_amount, 0) as decimal(18,2)) as open_pipeline_amount,
        cast(coalesce(daily.weighted_pipeline_amount, 0) as decimal(18,2)) as weighted_pipeline_amount,
        cast(coalesce(daily.prospecting_amount, 0) as decimal(18,2)) as prospecting_amount,
        cast(coalesce(daily.qualification_amount, 0) as decimal(18,2)) as qualification_amount,
        cast(coalesce(daily.proposal_amount, 0) as decimal(18,2)) as proposal_amount,
        cast(coalesce(daily.negotiation_amount, 0) as decimal(18,2)) as negotiation_amount,
        cast(
            cast(
                {{ safe_divide('daily.open_pipeline_amount', 'daily.open_deal_count') }}
                as decimal(18,6)
            )
            as decimal(18,2)
        ) as average_open_deal_amount,

        ---------- booleans
        case
            when days.date_day = run_day.date_day then true
            else false
        end as is_run_date

    from days

    cross join run_day

    left join daily
        on days.date_day = daily.date_day

)

select * from final
