-- Win rates and sales cycle by month of close: one row per calendar month from the first month of dim_dates
-- to the month of the run date (months without closed deals included, with zero counts).
-- A deal counts in the month of its closed_date, up to the run date.
--   win_rate_by_count  = won deals / (won + lost deals)
--   win_rate_by_amount = won amount / (won + lost amount)
--   average_sales_cycle_days = mean days from creation to close of the deals won in the month.
-- The trailing columns sum the counts and amounts of the month and the preceding ones (3 and 12 months)
-- before dividing, so they are not averages of monthly rates.

with

{{ run_day() }},

months as (

    select distinct
        dates.month_start_date

    from {{ ref('dim_dates') }} as dates

    cross join run_day

    where dates.month_start_date <= run_day.month_start_date

),

closed_deals as (

    select
        dates.month_start_date,
        deals.is_won,
        deals.amount,
        deals.sales_cycle_days

    from {{ ref('fact_deals') }} as deals

    inner join {{ ref('dim_dates') }} as dates
        on deals.closed_date = dates.date_day

    cross join run_day

    where deals.is_closed
        and deals.closed_date <= run_day.date_day

),

monthly as (

    select
        month_start_date,
        sum(case when is_won then 1 else 0 end) as won_deal_count,
        sum(case when is_won then 0 else 1 end) as lost_deal_count,
        sum(case when is_won then amount else 0 end) as won_amount,
        sum(case when is_won then 0 else amount end) as lost_amount,
        max(case when is_won then amount end) as largest_won_deal_amount,
        cast(
            avg(cast(case when is_won then sales_cycle_days end as double precision))
            as decimal(18,6)
        ) as average_sales_cycle_days,
        cast(
            avg(cast(case when not is_won then sales_cycle_days end as double precision))
            as decimal(18,6)
        ) as average_lost_cycle_days

    from closed_deals

    group by month_start_date

),

dense as (

    select
        months.month_start_date,
        coalesce(monthly.won_deal_count, 0) as won_deal_count,
        coalesce(monthly.lost_deal_count, 0) as lost_deal_count,
        cast(coalesce(monthly.won_amount, 0) as decimal(18,2)) as won_amount,
        cast(coalesce(monthly.lost_amount, 0) as decimal(18,2)) as lost_amount,
        monthly.largest_won_deal_amount,
        monthly.average_sales_cycle_days,
        monthly.average_lost_cycle_days

    from months

    left join monthly
        on months.month_start_date = monthly.month_start_date

),

windowed as (

    select
        *,
        sum(won_deal_count) over (
            order by month_start_date
            rows between 2 preceding and current row
        ) as won_deal_count_trailing_3_months,
        sum(lost_deal_count) over (
            order by month_start_date
            rows between 2 preceding and current row
        ) as lost_deal_count_trailing_3_months,
        sum(won_amount) over (
            order by month_start_date
            rows between 2 preceding and current row
        ) as won_amount_trailing_3_months,
        sum(lost_amount) over (
            order by month_start_date
            rows between 2 preceding and current row
        ) as lost_amount_trailing_3_months,
        sum(won_deal_count) over (
            order by month_start_date
            rows between 11 preceding and current row
        ) as won_deal_count_trailing_12_months,
        sum(lost_deal_count) over (
            order by month_start_date
            rows between 11 preceding and current row
        ) as lost_deal_count_trailing_12_months,
        sum(won_amount) over (
            order by month_start_date
            rows between 11 preceding and current row
        ) as won_amount_trailing_12_months,
        sum(lost_amount) over (
            order by month_start_date
            rows between 11 preceding and current row
        ) as lost_amount_trailing_12_months

    from dense

),

final as (

    select

        ---------- dates
        windowed.month_start_date,

        ---------- numerics
        cast(windowed.won_deal_count as integer) as won_deal_count,
        cast(windowed.lost_deal_count as integer) as lost_deal_count,
        cast(windowed.won_deal_count + windowed.lost_deal_count as integer) as closed_deal_count,
        windowed.won_amount,
        windowed.lost_amount,
        cast(
            cast(
                {{ safe_divide('windowed.won_deal_count', 'windowed.won_deal_count + windowed.lost_deal_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_count,
        cast(
            cast(
                {{ safe_divide('windowed.won_amount', 'windowed.won_amount + windowed.lost_amount') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_amount,
        cast(
            cast(
                {{ safe_divide('windowed.won_amount', 'windowed.won_deal_count') }}
                as decimal(18,6)
            )
            as decimal(18,2)
        ) as average_won_deal_amount,
        cast(windowed.largest_won_deal_amount as decimal(18,2)) as largest_won_deal_amount,
        cast(windowed.average_sales_cycle_days as decimal(18,2)) as average_sales_cycle_days,
        cast(windowed.average_lost_cycle_days as decimal(18,2)) as average_lost_cycle_days,
        cast(
            cast(
                {{ safe_divide('windowed.won_deal_count_trailing_3_months', 'windowed.won_deal_count_trailing_3_months + windowed.lost_deal_count_trailing_3_months') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_count_trailing_3_months,
        cast(
            cast(
                {{ safe_divide('windowed.won_amount_trailing_3_months', 'windowed.won_amount_trailing_3_months + windowed.lost_amount_trailing_3_months') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_amount_trailing_3_months,
        cast(
            cast(
                {{ safe_divide('windowed.won_deal_count_trailing_12_months', 'windowed.won_deal_count_trailing_12_months + windowed.lost_deal_count_trailing_12_months') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_count_trailing_12_months,
        cast(
            cast(
                {{ safe_divide('windowed.won_amount_trailing_12_months', 'windowed.won_amount_trailing_12_months + windowed.lost_amount_trailing_12_months') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_amount_trailing_12_months,

        ---------- booleans
        case
            when windowed.month_start_date = run_day.month_start_date then true
            else false
        end as is_current_month

    from windowed

    cross join run_day

)

select * from final
