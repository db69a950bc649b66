-- Revenue by month and product: one row per calendar month and product_id with an order (by order_date) or a won
-- deal (by closed_date) in that month, up to the run date. An order without a product counts under 'unknown';
-- a product missing from dim_products keeps its id with category 'unknown'.
--   revenue_amount = net_amount of the orders that were not cancelled or returned (pending, processing,
--     shipped, delivered). net_order_amount is the net amount of all orders placed, cancelled ones included.
--   average_order_value = revenue_amount / revenue_order_count.
--   fulfillment_rate = fulfilled orders (shipped or delivered) / orders placed.
--   cost_amount / profit_amount: of the revenue orders, from fact_orders (no cost for an unknown product).
--   won_deal_amount: amount of the deals for the product won in the month (deal closures, bookings).

with

{{ run_day() }},

orders as (

    select
        dates.month_start_date,
        coalesce(orders.product_id, 'unknown') as product_id,
        orders.quantity,
        orders.gross_amount,
        orders.discount_amount,
        orders.net_amount,
        orders.cost_amount,
        orders.profit_amount,
        orders.is_fulfilled,
        orders.is_cancelled_or_returned

    from {{ ref('fact_orders') }} as orders

    inner join {{ ref('dim_dates') }} as dates
        on orders.order_date = dates.date_day

    cross join run_day

    where orders.order_date <= run_day.date_day

),

order_months as (

    select
        month_start_date,
        product_id,
        count(*) as order_count,
        sum(gross_amount) as gross_amount,
        sum(discount_amount) as discount_amount,
        sum(net_amount) as net_order_amount,
        sum(case when is_cancelled_or_returned then 1 else 0 end) as cancelled_returned_order_count,
        sum(case when is_cancelled_or_returned then net_amount else 0 end) as cancelled_returned_amount,
        sum(case when is_cancelled_or_returned then 0 else 1 end) as revenue_order_count,
        sum(case when is_cancelled_or_returned then 0 else quantity end) as units_sold,
        sum(case when is_cancelled_or_returned then 0 else net_amount end) as revenue_amount,
        sum(case when is_cancelled_or_returned then null else cost_amount end) as cost_amount,
        sum(case when is_cancelled_or_returned then null else profit_amount end) as profit_amount,
        sum(case when is_fulfilled then 1 else 0 end) as fulfilled_order_count

    from orders

    group by
        month_start_date,
        product_id

),

won_months as (

    select
        dates.month_start_date,
        coalesce(deals.product_id, 'unknown') as product_id,
        count(*) as won_deal_count,
        sum(deals.amount) as won_deal_amount

    from {{ ref('fact_deals') }} as deals

    inner join {{ ref('dim_dates') }} as dates
        on deals.closed_date = dates.date_day

    cross join run_day

    where deals.is_won
        and deals.closed_date <= run_day.date_day

    group by
        dates.month_start_date,
        coalesce(deals.product_id, 'unknown')

),

month_products as (

    select month_start_date, product_id from order_months
    union
    select month_start_date, product_id from won_months

),

final as (

    select

        ---------- ids
        month_products.month_start_date,
        month_products.product_id,

        ---------- strings
        products.product_name,
        coalesce(products.category, 'unknown') as category,

        ---------- numerics: orders
        cast(coalesce(order_months.order_count, 0) as integer) as order_count,
        cast(coalesce(order_months.revenue_order_count, 0) as integer) as revenue_order_count,
        cast(coalesce(order_months.cancelled_returned_order_count, 0) as integer) as cancelled_returned_order_count,
        cast(coalesce(order_months.fulfilled_order_count, 0) as integer) as fulfilled_order_count,
        cast(coalesce(order_months.units_sold, 0) as integer) as units_sold,

        ---------- numerics: amounts
        cast(coalesce(order_months.gross_amount, 0) as decimal(18,2)) as gross_amount,
        cast(coalesce(order_months.discount_amount, 0) as decimal(18,2)) as discount_amount,
        cast(coalesce(order_months.net_order_amount, 0) as decimal(18,2)) as net_order_amount,
        cast(coalesce(order_months.cancelled_returned_amount, 0) as decimal(18,2)) as cancelled_returned_amount,
        cast(coalesce(order_months.revenue_amount, 0) as decimal(18,2)) as revenue_amount,
        cast(order_months.cost_amount as decimal(18,2)) as cost_amount,
        cast(order_months.profit_amount as decimal(18,2)) as profit_amount,

        ---------- numerics: ratios
        cast(
            cast({{ safe_divide('order_months.revenue_amount', 'order_months.revenue_order_count') }} as decimal(18,6))
            as decimal(18,2)
        ) as average_order_value,
        cast(
            cast({{ safe_divide('order_months.fulfilled_order_count', 'order_months.order_count') }} as decimal(18,6))
            as decimal(9,4)
        ) as fulfillment_rate,

        ---------- numerics: deal closures
        cast(coalesce(won_months.won_deal_count, 0) as integer) as won_deal_count,
        cast(coalesce(won_months.won_deal_amount, 0) as decimal(18,2)) as won_deal_amount

    from month_products

    left join order_months
        on month_products.month_start_date = order_months.month_start_date
        and month_products.product_id = order_months.product_id

    left join won_months
        on month_products.month_start_date = won_months.month_start_date
        and month_products.product_id = won_months.product_id

    left join {{ ref('dim_products') }} as products
        on month_products.product_id = products.product_id

)

select * from final
