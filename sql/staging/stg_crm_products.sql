-- Products: the latest extracted version of each product, with its unit margin.

with

{{ latest_versions('products', 'product_id') }},

renamed as (

    select

        ----------  ids
        product_id,

        ---------- strings
        nullif(trim(product_name), '') as product_name,
        lower(nullif(trim(category), '')) as category,

        ---------- numerics
        cast(unit_price as decimal(18,2)) as unit_price,
        cast(unit_cost as decimal(18,2)) as unit_cost,
        cast(unit_price - unit_cost as decimal(18,2)) as margin_amount,
        cast(
            100 * {{ safe_divide('(unit_price - unit_cost)', 'unit_price') }}
            as decimal(18,2)
        ) as margin_pct,
        cast(quantity_in_stock as integer) as quantity_in_stock,
        cast(reorder_level as integer) as reorder_level,

        ---------- booleans
        cast(is_active as boolean) as is_active,

        ---------- timestamps
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at

    from source


)

select * from renamed
