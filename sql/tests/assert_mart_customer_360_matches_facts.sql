-- mart_customer_360 adds up to the facts of the accounts in dim_accounts: deals, won amount, open pipeline and
-- tickets (created up to the run date); lifetime value is checked in assert_mart_revenue_matches_fact_orders.
-- Its health columns are the ones of mart_account_health.

with

deals as (

    select
        deals.*

    from {{ ref('fact_deals') }} as deals

    inner join {{ ref('dim_accounts') }} as accounts
        on deals.account_id = accounts.account_id

),

comparison as (

    select
        'deal_count' as metric,
        (select coalesce(sum(deal_count), 0) from {{ ref('mart_customer_360') }}) as mart_value,
        (select count(*) from deals) as fact_value

    union all

    select
        'won_amount',
        (select coalesce(sum(won_amount), 0) from {{ ref('mart_customer_360') }}),
        (select coalesce(sum(amount), 0) from deals where is_won)

    union all

    select
        'open_pipeline_amount',
        (select coalesce(sum(open_pipeline_amount), 0) from {{ ref('mart_customer_360') }}),
        (select coalesce(sum(amount), 0) from deals where stage_order between 1 and 4)

    union all

    select
        'ticket_count',
        (select coalesce(sum(ticket_count), 0) from {{ ref('mart_customer_360') }}),
        (
            select count(*)
            from {{ ref('fact_tickets') }} as tickets
            inner join {{ ref('dim_accounts') }} as accounts
                on tickets.account_id = accounts.account_id
            where tickets.created_date <= cast('{{ var("run_date") }}' as date)
        )

    union all

    select
        'risk_score_mismatches',
        (
            select count(*)
            from {{ ref('mart_customer_360') }} as customers
            inner join {{ ref('mart_account_health') }} as health
                on customers.account_id = health.account_id
            where customers.risk_score <> health.risk_score
                or customers.risk_band <> health.risk_band
        ),
        0

)

select * from comparison where mart_value <> fact_value
