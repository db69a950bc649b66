-- mart_sales_forecast_weekly sums to fact_deals over its window: the open deals (prospecting .. negotiation)
-- expected to close in it (count, amount, weighted amount) and the deals won in it up to the run date.

with

window_bounds as (

    select
        min(week_start_date) as first_day,
        max(week_end_date) as last_day

    from {{ ref('mart_sales_forecast_weekly') }}

),

mart_totals as (

    select
        coalesce(sum(expected_deal_count), 0) as expected_deal_count,
        coalesce(sum(expected_close_amount), 0) as expected_close_amount,
        coalesce(sum(weighted_expected_amount), 0) as weighted_expected_amount,
        coalesce(sum(won_amount), 0) as won_amount

    from {{ ref('mart_sales_forecast_weekly') }}

),

fact_totals as (

    select
        sum(
            case
                when deals.stage_order between 1 and 4
                    and deals.expected_close_date between window_bounds.first_day and window_bounds.last_day
                    then 1
                else 0
            end
        ) as expected_deal_count,
        coalesce(sum(
            case
                when deals.stage_order between 1 and 4
                    and deals.expected_close_date between window_bounds.first_day and window_bounds.last_day
                    then deals.amount
                else 0
            end
        ), 0) as expected_close_amount,
        coalesce(sum(
            case
                when deals.stage_order between 1 and 4
                    and deals.expected_close_date between window_bounds.first_day and window_bounds.last_day
                    then deals.weighted_amount
                else 0
            end
        ), 0) as weighted_expected_amount,
        coalesce(sum(
            case
                when deals.is_won
                    and deals.closed_date between window_bounds.first_day and window_bounds.last_day
                    and deals.closed_date <= cast('{{ var("run_date") }}' as date)
                    then deals.amount
                else 0
            end
        ), 0) as won_amount

    from {{ ref('fact_deals') }} as deals

    cross join window_bounds

),

comparison as (

    select 'expected_deal_count' as metric, mart_totals.expected_deal_count as mart_value, coalesce(fact_totals.expected_deal_count, 0) as fact_value
    from mart_totals cross join fact_totals
    union all
    select 'expected_close_amount', mart_totals.expected_close_amount, fact_totals.expected_close_amount
    from mart_totals cross join fact_totals
    union all
    select 'weighted_expected_amount', mart_totals.weighted_expected_amount, fact_totals.weighted_expected_amount
    from mart_totals cross join fact_totals
    union all
    select 'won_amount', mart_totals.won_amount, fact_totals.won_amount
    from mart_totals cross join fact_totals

)

select * from comparison where mart_value <> fact_value
