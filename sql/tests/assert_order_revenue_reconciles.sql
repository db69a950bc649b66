-- Revenue reconciles: fact_orders carries the same gross, discount and net totals as stg_crm_orders.

with

staging_totals as (

    select
        coalesce(sum(gross_amount), 0) as gross_amount,
        coalesce(sum(discount_amount), 0) as discount_amount,
        coalesce(sum(net_amount), 0) as net_amount

    from {{ ref('stg_crm_orders') }}

),

fact_totals as (

    select
        coalesce(sum(gross_amount), 0) as gross_amount,
        coalesce(sum(discount_amount), 0) as discount_amount,
        coalesce(sum(net_amount), 0) as net_amount

    from {{ ref('fact_orders') }}

)

select
    staging_totals.net_amount as staging_net_amount,
    fact_totals.net_amount as fact_net_amount

from staging_totals

cross join fact_totals

where staging_totals.gross_amount <> fact_totals.gross_amount
    or staging_totals.discount_amount <> fact_totals.discount_amount
    or staging_totals.net_amount <> fact_totals.net_amount
