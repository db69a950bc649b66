-- Product performance: one row per product - every product in dim_products plus any product_id of an order or
-- deal missing from it (category 'unknown'; an order or deal without a product counts under 'unknown').
-- Orders up to the run date; revenue orders are those not cancelled or returned.
--   revenue_amount = net_amount of the revenue orders; cost_amount = their cost (quantity x unit cost);
--   margin_amount = revenue - cost; gross_margin_rate = margin_amount / revenue_amount.
--   days_of_stock = quantity_in_stock / average units sold per day over the last 90 days (the run date and the
--     89 days before); null when nothing sold in that window.
--   revenue_share = the product's revenue / the revenue of all products; revenue_rank 1 = highest revenue.

with

{{ run_day() }},

orders as (

    select
        coalesce(orders.product_id, 'unknown') as product_id,
        orders.quantity,
        orders.net_amount,
        orders.cost_amount,
        orders.is_cancelled_or_returned,
        {{ datediff('orders.order_date', 'run_day.date_day', 'day') }} as days_ago

    from {{ ref('fact_orders') }} as orders

    cross join run_day

    where orders.order_date <= run_day.date_day

),

order_metrics as (

    select
        product_id,
        count(*) as order_count,
        sum(case when is_cancelled_or_returned then 0 else 1 end) as revenue_order_count,
        sum(case when is_cancelled_or_returned then 0 else quantity end) as units_sold,
        sum(case when is_cancelled_or_returned then 0 else net_amount end) as revenue_amount,
        sum(case when is_cancelled_or_returned then null else cost_amount end) as cost_amount,
        sum(case when is_cancelled_or_returned or days_ago >= 90 then 0 else quantity end) as units_sold_last_90_days,
        sum(case when is_cancelled_or_returned or days_ago >= 90 then 0 else net_amount end) as revenue_last_90_days

    from orders

    group by product_id

),

deal_metrics as (

    select
        coalesce(product_id, 'unknown') as product_id,
        sum(case when is_won then 1 else 0 end) as won_deal_count,
        sum(case when is_won then amount else 0 end) as won_deal_amount,
        sum(case when stage_order between 1 and 4 then amount else 0 end) as pipeline_amount

    from {{ ref('fact_deals') }}

    group by coalesce(product_id, 'unknown')

),

product_ids as (

    select product_id from {{ ref('dim_products') }}
    union
    select product_id from order_metrics
    union
    select product_id from deal_metrics

),

combined as (

    select
        product_ids.product_id,
        products.product_name,
        coalesce(products.category, 'unknown') as category,
        coalesce(products.price_tier, 'Unknown') as price_tier,
        coalesce(products.inventory_status, 'unknown') as inventory_status,
        products.is_active,
        products.unit_price,
        products.unit_cost,
        products.quantity_in_stock,
        products.reorder_level,
        coalesce(order_metrics.order_count, 0) as order_count,
        coalesce(order_metrics.revenue_order_count, 0) as revenue_order_count,
        coalesce(order_metrics.units_sold, 0) as units_sold,
        coalesce(order_metrics.revenue_amount, 0) as revenue_amount,
        order_metrics.cost_amount,
        coalesce(order_metrics.units_sold_last_90_days, 0) as units_sold_last_90_days,
        coalesce(order_metrics.revenue_last_90_days, 0) as revenue_last_90_days,
        coalesce(deal_metrics.won_deal_count, 0) as won_deal_count,
        coalesce(deal_metrics.won_deal_amount, 0) as won_deal_amount,
        coalesce(deal_metrics.pipeline_amount, 0) as pipeline_amount

    from product_ids

    left join {{ ref('dim_products') }} as products
        on product_ids.product_id = products.product_id

    left join order_metrics
        on product_ids.product_id = order_metrics.product_id

    left join deal_metrics
        on product_ids.product_id = deal_metrics.product_id

),

revenue_total as (

    select
        sum(revenue_amount) as total_revenue_amount

    from combined

),

final as (

    select

        ---------- ids
        product_id,

        ---------- strings
        product_name,
        category,
        price_tier,
        inventory_status,

        ---------- numerics: catalog and stock
        unit_price,
        unit_cost,
        quantity_in_stock,
        reorder_level,

        ---------- numerics: sales
        cast(order_count as integer) as order_count,
        cast(revenue_order_count as integer) as revenue_order_count,
        cast(units_sold as integer) as units_sold,
        cast(revenue_amount as decimal(18,2)) as revenue_amount,
        cast(cost_amount as decimal(18,2)) as cost_amount,
        cast(revenue_amount - cost_amount as decimal(18,2)) as margin_amount,
        cast(
            cast(
                {{ safe_divide('revenue_amount - cost_amount', 'revenue_amount') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as gross_margin_rate,
        cast(
            cast(
                {{ safe_divide('combined.revenue_amount', 'revenue_total.total_revenue_amount') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as revenue_share,
        cast(
            row_number() over (
                order by revenue_amount desc, product_id
            )
            as integer
        ) as revenue_rank,
        cast(units_sold_last_90_days as integer) as units_sold_last_90_days,
        cast(revenue_last_90_days as decimal(18,2)) as revenue_last_90_days,
        cast(
            cast(
                {{ safe_divide('units_sold_last_90_days', 90) }}
                as decimal(18,6)
            )
            as decimal(18,4)
        ) as average_daily_units_last_90_days,
        cast(
            cast(
                case
                    when units_sold_last_90_days > 0 then {{ safe_divide('quantity_in_stock * 90', 'units_sold_last_90_days') }}
                end
                as decimal(18,6)
            )
            as decimal(18,1)
        ) as days_of_stock,

        ---------- numerics: deals
        cast(won_deal_count as integer) as won_deal_count,
        cast(won_deal_amount as decimal(18,2)) as won_deal_amount,
        cast(pipeline_amount as decimal(18,2)) as pipeline_amount,

        ---------- booleans
        is_active,
        case
            when inventory_status in ('low_stock', 'out_of_stock') then true
            else false
        end as needs_reorder

    from combined

    cross join revenue_total

)

select * from final
