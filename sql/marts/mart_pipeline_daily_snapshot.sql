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

    -- Only visits that reach into the window (the range join below is a nested loop on Redshift).
    where history.stage_order between 1 and 4
        and (history.valid_to is null or cast(history.valid_to as date) > window_start.date_day)

),

open_deal_days as (

    -- The visit a deal was in at the end of the day: entered on or before it, left after it (or never).
    select
        days.date_day,
        open_stage_visits.deal_id,
        open_stage_visits.stage_order,
        open_stage_visits.amount,
        open_stage_visits.weighted_amount

    from days

    inner join open_stage_visits
        on open_stage_visits.valid_from_date <= days.date_day
        and (open_stage_visits.valid_to_date is null or open_stage_visits.valid_to_date > days.date_day)

),

daily as (

    select
        date_day,
        count(*) as open_deal_count,
        sum(amount) as open_pipeline_amount,
        sum(weighted_amount) as weighted_pipeline_amount,
        sum(case when stage_order = 1 then amount else 0 end) as prospecting_amount,
        sum(case when stage_order = 2 then amount else 0 end) as qualification_amount,
        sum(case when stage_order = 3 then amount else 0 end) as proposal_amount,
        sum(case when stage_order = 4 then amount else 0 end) as negotiation_amount

    from open_deal_days

    group by date_day

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
