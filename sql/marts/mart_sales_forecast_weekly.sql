-- Weekly sales forecast: one row per week (Monday start) from var('forecast_weeks_back') weeks before the run
-- date's week to var('forecast_weeks_ahead') weeks after it.
-- Open deals (stage prospecting .. negotiation) count in the week of their expected_close_date:
--   expected_close_amount = sum of amount; weighted_expected_amount = sum of amount x probability / 100;
--   committed_amount = amount of the deals with probability >= var('forecast_commit_min_probability');
--   overdue = expected to close before the run date and still open (slipped).
-- Actuals: deals won or lost in the week (by closed_date, up to the run date).
-- Open deals without an expected close date, or expected outside the window, are in no row.

with

{{ run_day() }},

weeks as (

    select distinct
        dates.week_start_date,
        {{ datediff('run_day.week_start_date', 'dates.week_start_date', 'day') }} as days_from_run_week

    from {{ ref('dim_dates') }} as dates

    cross join run_day

    where {{ datediff('run_day.week_start_date', 'dates.week_start_date', 'day') }}
        between -7 * {{ var('forecast_weeks_back') }} and 7 * {{ var('forecast_weeks_ahead') }}

),

deals as (

    select
        deals.*,
        dates.week_start_date as expected_close_week_start_date

    from {{ ref('fact_deals') }} as deals

    inner join {{ ref('dim_dates') }} as dates
        on deals.expected_close_date = dates.date_day

    where deals.stage_order between 1 and 4

),

expected as (

    select
        deals.expected_close_week_start_date as week_start_date,
        count(*) as expected_deal_count,
        sum(deals.amount) as expected_close_amount,
        sum(deals.weighted_amount) as weighted_expected_amount,
        sum(case when deals.probability >= {{ var('forecast_commit_min_probability') }} then 1 else 0 end) as committed_deal_count,
        sum(case when deals.probability >= {{ var('forecast_commit_min_probability') }} then deals.amount else 0 end) as committed_amount,
        sum(case when deals.expected_close_date < run_day.date_day then 1 else 0 end) as overdue_deal_count,
        sum(case when deals.expected_close_date < run_day.date_day then deals.amount else 0 end) as overdue_amount

    from deals

    cross join run_day

    group by deals.expected_close_week_start_date

),

closed as (

    select
        dates.week_start_date,
        sum(case when deals.is_won then 1 else 0 end) as won_deal_count,
        sum(case when deals.is_won then deals.amount else 0 end) as won_amount,
        sum(case when deals.is_lost then 1 else 0 end) as lost_deal_count

    from {{ ref('fact_deals') }} as deals

    inner join {{ ref('dim_dates') }} as dates
        on deals.closed_date = dates.date_day

    cross join run_day

    where deals.is_closed
        and deals.closed_date <= run_day.date_day

    group by dates.week_start_date

),

weekly as (

    select
        weeks.week_start_date,
        weeks.days_from_run_week,
        cast(coalesce(expected.expected_deal_count, 0) as integer) as expected_deal_count,
        cast(coalesce(expected.expected_close_amount, 0) as decimal(18,2)) as expected_close_amount,
        cast(coalesce(expected.weighted_expected_amount, 0) as decimal(18,2)) as weighted_expected_amount,
        cast(coalesce(expected.committed_deal_count, 0) as integer) as committed_deal_count,
        cast(coalesce(expected.committed_amount, 0) as decimal(18,2)) as committed_amount,
        cast(coalesce(expected.overdue_deal_count, 0) as integer) as overdue_deal_count,
        cast(coalesce(expected.overdue_amount, 0) as decimal(18,2)) as overdue_amount,
        cast(coalesce(closed.won_deal_count, 0) as integer) as won_deal_count,
        cast(coalesce(closed.won_amount, 0) as decimal(18,2)) as won_amount,
        cast(coalesce(closed.lost_deal_count, 0) as integer) as lost_deal_count

    from weeks

    left join expected
        on weeks.week_start_date = expected.week_start_date

    left join closed
        on weeks.week_start_date = closed.week_start_date

),

final as (

    select

        ---------- dates
        week_start_date,
        cast({{ dateadd('day', 6, 'week_start_date') }} as date) as week_end_date,

        ---------- numerics
        cast({{ safe_divide('days_from_run_week', 7) }} as integer) as week_offset,
        expected_deal_count,
        expected_close_amount,
        weighted_expected_amount,
        committed_deal_count,
        committed_amount,
        overdue_deal_count,
        overdue_amount,
        cast(
            sum(weighted_expected_amount) over (
                order by week_start_date
                rows between unbounded preceding and current row
            )
            as decimal(18,2)
        ) as cumulative_weighted_expected_amount,
        won_deal_count,
        won_amount,
        lost_deal_count,

        ---------- booleans
        case
            when days_from_run_week < 0 then true
            else false
        end as is_past_week,
        case
            when days_from_run_week = 0 then true
            else false
        end as is_run_week

    from weekly

)

select * from final
