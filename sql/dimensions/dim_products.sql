-- Products (SCD type 1: current state only), with inventory status, price tier and unit profit.
-- inventory_status: out_of_stock (0 or less in stock), low_stock (at or under the reorder level),
-- in_stock (above it), unknown (stock not reported).
-- price_tier by unit_price (thresholds are vars): Premium >= 1000, Standard >= 100, Budget >= 0, else Unknown.

with

products as (

    select * from {{ ref('stg_crm_products') }}

),

final as (

    select

        ----------  ids
        product_id,

        ---------- strings
        product_name,
        category,
        case
            when quantity_in_stock is null then 'unknown'
            when quantity_in_stock <= 0 then 'out_of_stock'
            when quantity_in_stock <= coalesce(reorder_level, 0) then 'low_stock'
            else 'in_stock'
        end as inventory_status,
        case
            when unit_price >= {{ var('price_tier_premium_min') }} then 'Premium'
            when unit_price >= {{ var('price_tier_standard_min') }} then 'Standard'
            when unit_price >= 0 then 'Budget'
            else 'Unknown'
        end as price_tier,

        ---------- numerics
        unit_price,
        unit_cost,
        cast(unit_price - unit_cost as decimal(18,2)) as profit_amount,
        margin_pct,
        quantity_in_stock,
        reorder_level,
        cast(quantity_in_stock * unit_cost as decimal(18,2)) as inventory_cost_amount,

        ---------- booleans
        is_active,

        ---------- timestamps
        created_at,
        updated_at

    from products

)

select * from final
