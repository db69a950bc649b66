-- Products: the latest extracted version of each product, with its unit margin.

with

repeated_ids as (

    -- Ids extracted more than once: only their rows need ranking. A window over every row would
    -- sort the whole raw table, all columns included, at each read of this view.
    select product_id

    from {{ source('crm', 'products') }}

    where product_id is not null

    group by product_id

    having count(*) > 1

),

source as (

    select
        *,
        1 as version_rank

    from {{ source('crm', 'products') }}

    where product_id is not null
        and product_id not in (select product_id from repeated_ids)

    union all

    select
        *,
        row_number() over (
            partition by product_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank

    from {{ source('crm', 'products') }}

    where product_id in (select product_id from repeated_ids)

),

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

    where version_rank = 1

)

select * from renamed
