-- Daily activity series: one row per calendar day of dim_dates up to the run date (days without events included,
-- with zeros). Each count is the number of fact rows dated that day:
--   deals_created (created_date), deals_won / deals_lost and won_amount (closed_date),
--   activities_completed (activity_date of completed activities), tickets_opened (created_date),
--   tickets_solved (resolved_date), orders (order_date) and revenue_amount (net_amount of the day's orders that
--   were not cancelled or returned).
-- The 7-day columns sum the day and the six days before it.

with

{{ run_day() }},

days as (

    select
        dates.date_day,
        dates.week_start_date,
        dates.month_start_date,
        dates.day_of_week,
        dates.is_weekend

    from {{ ref('dim_dates') }} as dates

    cross join run_day

    where dates.date_day <= run_day.date_day

),

deals_created as (

    select
        created_date as date_day,
        count(*) as deals_created_count,
        sum(amount) as created_amount

    from {{ ref('fact_deals') }}

    group by created_date

),

deals_closed as (

    select
        closed_date as date_day,
        sum(case when is_won then 1 else 0 end) as deals_won_count,
        sum(case when is_won then amount else 0 end) as won_amount,
        sum(case when is_lost then 1 else 0 end) as deals_lost_count

    from {{ ref('fact_deals') }}

    where is_closed

    group by closed_date

),

activities as (

    select
        activity_date as date_day,
        count(*) as activities_count,
        sum(case when is_completed then 1 else 0 end) as activities_completed_count

    from {{ ref('fact_activities') }}

    group by activity_date

),

tickets_opened as (

    select
        created_date as date_day,
        count(*) as tickets_opened_count

    from {{ ref('fact_tickets') }}

    group by created_date

),

tickets_solved as (

    select
        resolved_date as date_day,
        count(*) as tickets_solved_count

    from {{ ref('fact_tickets') }}

    where resolved_date is not null

    group by resolved_date

),

orders as (

    select
        order_date as date_day,
        count(*) as order_count,
        sum(case when is_cancelled_or_returned then 0 else net_amount end) as revenue_amount

    from {{ ref('fact_orders') }}

    group by order_date

),

daily as (

    select
        days.date_day,
        days.week_start_date,
        days.month_start_date,
        days.day_of_week,
        days.is_weekend,
        coalesce(deals_created.deals_created_count, 0) as deals_created_count,
        coalesce(deals_created.created_amount, 0) as created_amount,
        coalesce(deals_closed.deals_won_count, 0) as deals_won_count,
        coalesce(deals_closed.won_amount, 0) as won_amount,
        coalesce(deals_closed.deals_lost_count, 0) as deals_lost_count,
        coalesce(activities.activities_count, 0) as activities_count,
        coalesce(activities.activities_completed_count, 0) as activities_completed_count,
        coalesce(tickets_opened.tickets_opened_count, 0) as tickets_opened_count,
        coalesce(tickets_solved.tickets_solved_count, 0) as tickets_solved_count,
        coalesce(orders.order_count, 0) as order_count,
        coalesce(orders.revenue_amount, 0) as revenue_amount

    from days

    left join deals_created
        on days.date_day = deals_created.date_day

    left join deals_closed
        on days.date_day = deals_closed.date_day

    left join activities
        on days.date_day = activities.date_day

    left join tickets_opened
        on days.date_day = tickets_opened.date_day

    left join tickets_solved
        on days.date_day = tickets_solved.date_day

    left join orders
        on days.date_day = orders.date_day

),

final as (

    select

        ---------- dates
        date_day,
        week_start_date,
        month_start_date,

        ---------- numerics: deals
        cast(deals_created_count as integer) as deals_created_count,
        cast(created_amount as decimal(18,2)) as created_amount,
        cast(deals_won_count as integer) as deals_won_count,
        cast(won_amount as decimal(18,2)) as won_amount,
        cast(deals_lost_count as integer) as deals_lost_count,

        ---------- numerics: activities
        cast(activities_count as integer) as activities_count,
        cast(activities_completed_count as integer) as activities_completed_count,

        ---------- numerics: support
        cast(tickets_opened_count as integer) as tickets_opened_count,
        cast(tickets_solved_count as integer) as tickets_solved_count,

        ---------- numerics: orders
        cast(order_count as integer) as order_count,
        cast(revenue_amount as decimal(18,2)) as revenue_amount,

        ---------- numerics: 7-day sums
        cast(
            sum(deals_created_count) over (
                order by date_day
                rows between 6 preceding and current row
            )
            as integer
        ) as deals_created_7_day_count,
        cast(
            sum(activities_completed_count) over (
                order by date_day
                rows between 6 preceding and current row
            )
            as integer
        ) as activities_completed_7_day_count,
        cast(
            sum(tickets_opened_count) over (
                order by date_day
                rows between 6 preceding and current row
            )
            as integer
        ) as tickets_opened_7_day_count,
        cast(
            sum(revenue_amount) over (
                order by date_day
                rows between 6 preceding and current row
            )
            as decimal(18,2)
        ) as revenue_7_day_amount,

        ---------- numerics and booleans: calendar
        day_of_week,
        is_weekend

    from daily

)

select * from final
