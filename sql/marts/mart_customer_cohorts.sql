-- Customer cohorts and their retention: one row per cohort basis, cohort month and month since acquisition, from
-- the cohort month up to the run date's month (the run date's month counts up to the run date).
-- A customer's revenue = net_amount of its orders that were not cancelled or returned, by order month.
--   cohort_basis 'first_order': the cohort month is the month of the account's first revenue order.
--   cohort_basis 'first_won_deal': the cohort month is the month of the account's first won deal (closed_date).
--   months_since_acquisition: 0 for the cohort month, 1 for the next, ...
--   cohort_customer_count: accounts in the cohort; active_customer_count: those with revenue in the month.
--   logo_retention_rate = active_customer_count / cohort_customer_count.
--   initial_revenue_amount: the cohort's revenue in its cohort month (month 0).
--   net_revenue_retention = revenue_amount / initial_revenue_amount (expansion counts).
--   gross_revenue_retention = sum over the cohort of least(revenue in the month, revenue in month 0)
--     / initial_revenue_amount (expansion does not count, churn and contraction do; at most 1).
--   Ratios are null when their denominator is 0.

with

{{ run_day() }},

months as (

    select distinct dates.month_start_date

    from {{ ref('dim_dates') }} as dates

    cross join run_day

    where dates.date_day <= run_day.date_day

),

account_months as (

    select
        orders.account_id,
        dates.month_start_date,
        sum(orders.net_amount) as revenue_amount

    from {{ ref('fact_orders') }} as orders

    inner join {{ ref('dim_dates') }} as dates
        on orders.order_date = dates.date_day

    cross join run_day

    where orders.order_date <= run_day.date_day
        and not orders.is_cancelled_or_returned
        and orders.account_id is not null

    group by
        orders.account_id,
        dates.month_start_date

),

first_won_deals as (

    select
        deals.account_id,
        min(dates.month_start_date) as cohort_month

    from {{ ref('fact_deals') }} as deals

    inner join {{ ref('dim_dates') }} as dates
        on deals.closed_date = dates.date_day

    cross join run_day

    where deals.is_won
        and deals.closed_date <= run_day.date_day
        and deals.account_id is not null

    group by deals.account_id

),

members as (

    select
        'first_order' as cohort_basis,
        account_id,
        min(month_start_date) as cohort_month

    from account_months

    group by account_id

    union all

    select
        'first_won_deal' as cohort_basis,
        account_id,
        cohort_month

    from first_won_deals

),

members_with_initial_revenue as (

    select
        members.cohort_basis,
        members.cohort_month,
        members.account_id,
        coalesce(initial.revenue_amount, 0) as initial_revenue_amount

    from members

    left join account_months as initial
        on members.account_id = initial.account_id
        and members.cohort_month = initial.month_start_date

),

cohorts as (

    -- A customer without revenue in a month retains least(0, its initial revenue) in it: nothing, unless its
    -- cohort month's revenue was negative.
    select
        cohort_basis,
        cohort_month,
        count(*) as cohort_customer_count,
        sum(initial_revenue_amount) as initial_revenue_amount,
        sum(case when initial_revenue_amount < 0 then initial_revenue_amount else 0 end) as idle_retained_revenue_amount

    from members_with_initial_revenue

    group by
        cohort_basis,
        cohort_month

),

revenue_months as (

    -- Summed per cohort and month over the customers' revenue rows only, before the cohort is spread over its
    -- months: active customers, revenue (0 when null) and what they retain beyond a customer without revenue.
    select
        members.cohort_basis,
        members.cohort_month,
        activity.month_start_date as activity_month,
        sum(case when activity.revenue_amount > 0 then 1 else 0 end) as active_customer_count,
        sum(coalesce(activity.revenue_amount, 0)) as revenue_amount,
        sum(
            case
                when coalesce(activity.revenue_amount, 0) < members.initial_revenue_amount
                    then coalesce(activity.revenue_amount, 0)
                else members.initial_revenue_amount
            end
            - case when members.initial_revenue_amount < 0 then members.initial_revenue_amount else 0 end
        ) as retained_revenue_over_idle_amount

    from members_with_initial_revenue as members

    inner join account_months as activity
        on members.account_id = activity.account_id
        and activity.month_start_date >= members.cohort_month

    group by
        members.cohort_basis,
        members.cohort_month,
        activity.month_start_date

),

cohort_months as (

    select
        cohorts.cohort_basis,
        cohorts.cohort_month,
        months.month_start_date as activity_month,
        cohorts.cohort_customer_count,
        coalesce(revenue_months.active_customer_count, 0) as active_customer_count,
        coalesce(revenue_months.revenue_amount, 0) as revenue_amount,
        cohorts.initial_revenue_amount,
        cohorts.idle_retained_revenue_amount + coalesce(revenue_months.retained_revenue_over_idle_amount, 0)
            as retained_revenue_amount

    from cohorts

    inner join months
        on months.month_start_date >= cohorts.cohort_month

    left join revenue_months
        on cohorts.cohort_basis = revenue_months.cohort_basis
        and cohorts.cohort_month = revenue_months.cohort_month
        and months.month_start_date = revenue_months.activity_month

),

final as (

    select

        ---------- ids
        cohort_basis,
        cohort_month,
        activity_month,
        cast({{ datediff('cohort_month', 'activity_month', 'month') }} as integer) as months_since_acquisition,

        ---------- numerics: customers
        cast(cohort_customer_count as integer) as cohort_customer_count,
        cast(active_customer_count as integer) as active_customer_count,
        cast(
            cast({{ safe_divide('active_customer_count', 'cohort_customer_count') }} as decimal(18,6))
            as decimal(9,4)
        ) as logo_retention_rate,

        ---------- numerics: revenue
        cast(revenue_amount as decimal(18,2)) as revenue_amount,
        cast(initial_revenue_amount as decimal(18,2)) as initial_revenue_amount,
        cast(retained_revenue_amount as decimal(18,2)) as retained_revenue_amount,
        cast(
            cast({{ safe_divide('revenue_amount', 'initial_revenue_amount') }} as decimal(18,6))
            as decimal(9,4)
        ) as net_revenue_retention,
        cast(
            cast({{ safe_divide('retained_revenue_amount', 'initial_revenue_amount') }} as decimal(18,6))
            as decimal(9,4)
        ) as gross_revenue_retention

    from cohort_months

)

select * from final
