-- mart_daily_activity_series sums to the facts dated on or before the run date: deals created, won and lost,
-- activities completed, tickets opened and solved (revenue and orders: assert_mart_revenue_matches_fact_orders).

with

series as (

    select
        coalesce(sum(deals_created_count), 0) as deals_created_count,
        coalesce(sum(deals_won_count), 0) as deals_won_count,
        coalesce(sum(deals_lost_count), 0) as deals_lost_count,
        coalesce(sum(won_amount), 0) as won_amount,
        coalesce(sum(activities_completed_count), 0) as activities_completed_count,
        coalesce(sum(tickets_opened_count), 0) as tickets_opened_count,
        coalesce(sum(tickets_solved_count), 0) as tickets_solved_count

    from {{ ref('mart_daily_activity_series') }}

),

comparison as (

    select
        'deals_created_count' as metric,
        series.deals_created_count as mart_value,
        (
            select count(*)
            from {{ ref('fact_deals') }} as deals
            where deals.created_date <= cast('{{ var("run_date") }}' as date)
        ) as fact_value
    from series

    union all

    select
        'deals_won_count',
        series.deals_won_count,
        (
            select count(*)
            from {{ ref('fact_deals') }} as deals
            where deals.is_won and deals.closed_date <= cast('{{ var("run_date") }}' as date)
        )
    from series

    union all

    select
        'deals_lost_count',
        series.deals_lost_count,
        (
            select count(*)
            from {{ ref('fact_deals') }} as deals
            where deals.is_lost and deals.closed_date <= cast('{{ var("run_date") }}' as date)
        )
    from series

    union all

    select
        'won_amount',
        series.won_amount,
        (
            select coalesce(sum(deals.amount), 0)
            from {{ ref('fact_deals') }} as deals
            where deals.is_won and deals.closed_date <= cast('{{ var("run_date") }}' as date)
        )
    from series

    union all

    select
        'activities_completed_count',
        series.activities_completed_count,
        (
            select count(*)
            from {{ ref('fact_activities') }} as activities
            where activities.is_completed and activities.activity_date <= cast('{{ var("run_date") }}' as date)
        )
    from series

    union all

    select
        'tickets_opened_count',
        series.tickets_opened_count,
        (
            select count(*)
            from {{ ref('fact_tickets') }} as tickets
            where tickets.created_date <= cast('{{ var("run_date") }}' as date)
        )
    from series

    union all

    select
        'tickets_solved_count',
        series.tickets_solved_count,
        (
            select count(*)
            from {{ ref('fact_tickets') }} as tickets
            where tickets.resolved_date <= cast('{{ var("run_date") }}' as date)
        )
    from series

)

select * from comparison where mart_value <> fact_value
