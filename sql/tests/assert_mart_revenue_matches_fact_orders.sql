-- Revenue reconciles across the marts: revenue = net_amount of the fact_orders rows dated on or before the run
-- date that were not cancelled or returned, and
--   mart_revenue: revenue, net amount of all orders, order count and units equal fact_orders;
--   mart_product_performance: revenue and units equal fact_orders;
--   mart_daily_activity_series: revenue and order count equal fact_orders;
--   mart_customer_360: customer lifetime value equals the revenue of the orders of accounts in dim_accounts.

with

run_day as (

    select cast('{{ var("run_date") }}' as date) as date_day

),

orders as (

    select
        orders.*

    from {{ ref('fact_orders') }} as orders

    cross join run_day

    where orders.order_date <= run_day.date_day

),

fact_totals as (

    select
        count(*) as order_count,
        coalesce(sum(net_amount), 0) as net_order_amount,
        coalesce(sum(case when is_cancelled_or_returned then 0 else net_amount end), 0) as revenue_amount,
        coalesce(sum(case when is_cancelled_or_returned then 0 else quantity end), 0) as units_sold

    from orders

),

comparison as (

    select 'mart_revenue.revenue_amount' as metric, (select coalesce(sum(revenue_amount), 0) from {{ ref('mart_revenue') }}) as mart_value, fact_totals.revenue_amount as fact_value
    from fact_totals
    union all
    select 'mart_revenue.net_order_amount', (select coalesce(sum(net_order_amount), 0) from {{ ref('mart_revenue') }}), fact_totals.net_order_amount
    from fact_totals
    union all
    select 'mart_revenue.order_count', (select coalesce(sum(order_count), 0) from {{ ref('mart_revenue') }}), fact_totals.order_count
    from fact_totals
    union all
    select 'mart_revenue.units_sold', (select coalesce(sum(units_sold), 0) from {{ ref('mart_revenue') }}), fact_totals.units_sold
    from fact_totals
    union all
    select 'mart_product_performance.revenue_amount', (select coalesce(sum(revenue_amount), 0) from {{ ref('mart_product_performance') }}), fact_totals.revenue_amount
    from fact_totals
    union all
    select 'mart_product_performance.units_sold', (select coalesce(sum(units_sold), 0) from {{ ref('mart_product_performance') }}), fact_totals.units_sold
    from fact_totals
    union all
    select 'mart_daily_activity_series.revenue_amount', (select coalesce(sum(revenue_amount), 0) from {{ ref('mart_daily_activity_series') }}), fact_totals.revenue_amount
    from fact_totals
    union all
    select 'mart_daily_activity_series.order_count', (select coalesce(sum(order_count), 0) from {{ ref('mart_daily_activity_series') }}), fact_totals.order_count
    from fact_totals
    union all
    select
        'mart_customer_360.customer_lifetime_value_amount',
        (select coalesce(sum(customer_lifetime_value_amount), 0) from {{ ref('mart_customer_360') }}),
        (
            select coalesce(sum(case when orders.is_cancelled_or_returned then 0 else orders.net_amount end), 0)
            from orders
            inner join {{ ref('dim_accounts') }} as accounts
                on orders.account_id = accounts.account_id
        )

)

select * from comparison where mart_value <> fact_value
