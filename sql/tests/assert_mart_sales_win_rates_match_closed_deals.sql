-- mart_sales_win_rates sums to the deals of fact_deals closed up to the run date: won and lost counts and amounts.

with

run_day as (

    select cast('{{ var("run_date") }}' as date) as date_day

),

mart_totals as (

    select
        coalesce(sum(won_deal_count), 0) as won_deal_count,
        coalesce(sum(lost_deal_count), 0) as lost_deal_count,
        coalesce(sum(won_amount), 0) as won_amount,
        coalesce(sum(lost_amount), 0) as lost_amount

    from {{ ref('mart_sales_win_rates') }}

),

fact_totals as (

    select
        sum(case when deals.is_won then 1 else 0 end) as won_deal_count,
        sum(case when deals.is_lost then 1 else 0 end) as lost_deal_count,
        coalesce(sum(case when deals.is_won then deals.amount else 0 end), 0) as won_amount,
        coalesce(sum(case when deals.is_lost then deals.amount else 0 end), 0) as lost_amount

    from {{ ref('fact_deals') }} as deals

    cross join run_day

    where deals.is_closed
        and deals.closed_date <= run_day.date_day

),

comparison as (

    select 'won_deal_count' as metric, mart_totals.won_deal_count as mart_value, coalesce(fact_totals.won_deal_count, 0) as fact_value
    from mart_totals cross join fact_totals
    union all
    select 'lost_deal_count', mart_totals.lost_deal_count, coalesce(fact_totals.lost_deal_count, 0)
    from mart_totals cross join fact_totals
    union all
    select 'won_amount', mart_totals.won_amount, fact_totals.won_amount
    from mart_totals cross join fact_totals
    union all
    select 'lost_amount', mart_totals.lost_amount, fact_totals.lost_amount
    from mart_totals cross join fact_totals

)

select * from comparison where mart_value <> fact_value
