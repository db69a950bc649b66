-- Orders: the latest extracted version of each order, with its amounts and fulfilment times.
-- gross = quantity x unit_price; discount = gross x discount_pct / 100; net = gross - discount
-- (net is computed from the rounded gross and discount so that the identity holds exactly).
--
-- Incremental, unique_key order_id: an increment re-derives the orders landed since the last build, from
-- every raw version of each (latest_landed_versions). Nothing here reads the run date.

with

{% if is_incremental() %}
landed_ids as (

    {{ landed_keys('orders', 'order_id') }}

),

{% endif %}
{{ latest_landed_versions('orders', 'order_id', 'landed_ids', name='versions') }},

source as (

    select
        *,
        lower(trim(status)) as cleaned_status,
        cast(quantity * unit_price as decimal(18,2)) as computed_gross_amount

    from versions

),

renamed as (

    select

        ----------  ids
        order_id,
        account_id,
        contact_id,
        product_id,

        ---------- strings
        nullif(cleaned_status, '') as status,

        ---------- numerics
        cast(quantity as integer) as quantity,
        cast(unit_price as decimal(18,2)) as unit_price,
        cast(coalesce(discount_pct, 0) as decimal(5,2)) as discount_pct,
        computed_gross_amount as gross_amount,
        -- `* 0.01`, never `/ 100`: DuckDB divides decimals as doubles, which rounds some half cents
        -- differently from Postgres and Redshift (exact numeric division).
        cast(
            computed_gross_amount * coalesce(discount_pct, 0) * 0.01
            as decimal(18,2)
        ) as discount_amount,
        cast(
            computed_gross_amount
            - cast(computed_gross_amount * coalesce(discount_pct, 0) * 0.01 as decimal(18,2))
            as decimal(18,2)
        ) as net_amount,
        {{ datediff('ordered_at', 'shipped_at', 'day') }} as days_to_ship,
        {{ datediff('ordered_at', 'delivered_at', 'day') }} as days_to_deliver,

        ---------- booleans
        case
            when cleaned_status in ('shipped', 'delivered') then true
            else false
        end as is_fulfilled,
        case
            when cleaned_status in ('cancelled', 'returned') then true
            else false
        end as is_cancelled_or_returned,

        ---------- timestamps
        cast(ordered_at as timestamp) as ordered_at,
        cast(shipped_at as timestamp) as shipped_at,
        cast(delivered_at as timestamp) as delivered_at,
        cast(updated_at as timestamp) as updated_at

    from source


)

select * from renamed
