-- Trailing-twelve-month retention: one row per month up to the run date's month in which some account had revenue
-- in the twelve months ending a year earlier. For month M:
--   current window = the 12 months ending with M (M-11 .. M; the run date's month counts up to the run date),
--   starting window = the 12 months before it (M-23 .. M-12).
--   starting_customer_count: accounts with revenue in the starting window; retained_customer_count: those of them
--     with revenue in the current window. logo_retention_rate = retained / starting.
--   starting_revenue_amount: their revenue in the starting window; current_revenue_amount: their revenue in the
--     current window (new customers of the current window are left out).
--   net_revenue_retention = current_revenue_amount / starting_revenue_amount.
--   gross_revenue_retention = sum over those accounts of least(current, starting) / starting_revenue_amount.
-- Revenue = net_amount of orders not cancelled or returned.
--
-- Incremental, unique_key month_start_date. A month's row reads the orders dated in the 23 months before it and in
-- it, and, for the run date's month, the run date. An increment computes every month from the first it may
-- change: the run date's month, the table's latest month (the months after it are new; a table with no row
-- computes every month) and the month of each raw version of an order landed since the last build (its old
-- date and its new one, as an order moved to another date changes both). A tombstone (starting_customer_count
-- null) for each row of the table from that month on that the increment no longer has (no starting customer
-- left, or a month after a run date moved back), which the delete+insert replaces and the post_hook deletes.
-- In Salesforce and HubSpot every month is computed, as landed_keys() gives every key there.

with

{{ run_day() }},
{% if is_incremental() %}

first_month as (

    select
        first_month_start.month_start_date,
        -- The first day of the earliest month the months computed read: 23 before the first.
        cast({{ dateadd('month', -23, 'first_month_start.month_start_date') }} as date) as orders_from_date

    from (

        -- least() leaves out a null (no order landed) on every engine; an empty table is computed whole.
        select
            least(
                run_day.month_start_date,
                coalesce((select max(month_start_date) from {{ this }}), cast('1900-01-01' as date)),
                (
                    select cast({{ date_trunc('month', 'min(ordered_at)') }} as date)
                    from {{ source('crm', 'orders') }}
                    where order_id in ({{ landed_keys('orders', 'order_id') }})
                )
            ) as month_start_date

        from run_day

    ) as first_month_start

),
{% endif %}

months as (

    select distinct
        dates.month_start_date,
        dates.year * 12 + dates.month as month_index

    from {{ ref('dim_dates') }} as dates

    cross join run_day

    where dates.date_day <= run_day.date_day
{% if is_incremental() %}
        and dates.month_start_date >= (select month_start_date from first_month)
{% endif %}

),

account_months as (

    select
        orders.account_id,
        dates.year * 12 + dates.month as month_index,
        sum(orders.net_amount) as revenue_amount

    from {{ ref('fact_orders') }} as orders

    inner join {{ ref('dim_dates') }} as dates
        on orders.order_date = dates.date_day

    cross join run_day

    where orders.order_date <= run_day.date_day
        and not orders.is_cancelled_or_returned
        and orders.account_id is not null
{% if is_incremental() %}
        and orders.order_date >= (select orders_from_date from first_month)
{% endif %}

    group by
        orders.account_id,
        dates.year * 12 + dates.month

),

starting_accounts as (

    -- The accounts with revenue in each month's starting window (M-23 .. M-12), and that revenue.
    select
        months.month_start_date,
        months.month_index,
        account_months.account_id,
        sum(account_months.revenue_amount) as starting_revenue_amount

    from months

    inner join account_months
        on account_months.month_index between months.month_index - 23 and months.month_index - 12

    group by
        months.month_start_date,
        months.month_index,
        account_months.account_id

    having sum(account_months.revenue_amount) > 0

),

account_windows as (

    -- Their revenue in the current window (M-11 .. M): only the starting accounts' months are read.
    select
        starting_accounts.month_start_date,
        starting_accounts.account_id,
        starting_accounts.starting_revenue_amount,
        coalesce(sum(account_months.revenue_amount), 0) as current_revenue_amount

    from starting_accounts

    left join account_months
        on starting_accounts.account_id = account_months.account_id
        and account_months.month_index between starting_accounts.month_index - 11 and starting_accounts.month_index

    group by
        starting_accounts.month_start_date,
        starting_accounts.account_id,
        starting_accounts.starting_revenue_amount

),

month_totals as (

    select
        month_start_date,
        count(*) as starting_customer_count,
        sum(case when current_revenue_amount > 0 then 1 else 0 end) as retained_customer_count,
        sum(starting_revenue_amount) as starting_revenue_amount,
        sum(current_revenue_amount) as current_revenue_amount,
        sum(
            case
                when current_revenue_amount < starting_revenue_amount then current_revenue_amount
                else starting_revenue_amount
            end
        ) as retained_revenue_amount

    from account_windows

    group by month_start_date

),

final as (

    select

        ---------- ids
        month_start_date,

        ---------- numerics: customers
        cast(starting_customer_count as integer) as starting_customer_count,
        cast(retained_customer_count as integer) as retained_customer_count,
        cast(
            cast({{ safe_divide('retained_customer_count', 'starting_customer_count') }} as decimal(18,6))
            as decimal(9,4)
        ) as logo_retention_rate,

        ---------- numerics: revenue
        cast(starting_revenue_amount as decimal(18,2)) as starting_revenue_amount,
        cast(current_revenue_amount as decimal(18,2)) as current_revenue_amount,
        cast(retained_revenue_amount as decimal(18,2)) as retained_revenue_amount,
        cast(
            cast({{ safe_divide('current_revenue_amount', 'starting_revenue_amount') }} as decimal(18,6))
            as decimal(9,4)
        ) as net_revenue_retention,
        cast(
            cast({{ safe_divide('retained_revenue_amount', 'starting_revenue_amount') }} as decimal(18,6))
            as decimal(9,4)
        ) as gross_revenue_retention

    from month_totals

)

select * from final
{% if is_incremental() %}

union all

-- Tombstones: starting_customer_count null, which the post_hook deletes.
select
    month_start_date,
    cast(null as integer),
    cast(null as integer),
    cast(null as decimal(9,4)),
    cast(null as decimal(18,2)),
    cast(null as decimal(18,2)),
    cast(null as decimal(18,2)),
    cast(null as decimal(9,4)),
    cast(null as decimal(9,4))

from (

    -- The table's rows from the first month computed: any the increment no longer has.
    select month_start_date from {{ this }}
    where month_start_date >= (select month_start_date from first_month)

    except

    select month_start_date from final

) as removed
{% endif %}
