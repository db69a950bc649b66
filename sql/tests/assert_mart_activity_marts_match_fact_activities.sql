-- The activity marts add up to fact_activities (activities dated on or before the run date):
--   mart_sales_activity: every activity (owner x week);
--   mart_deal_engagement: the activities of the deals in fact_deals;
--   mart_account_engagement: the activities of the accounts in dim_accounts;
--   mart_activity_deal_correlation: every deal of fact_deals in exactly one band.

with

run_day as (

    select cast('{{ var("run_date") }}' as date) as date_day

),

activities as (

    select
        activities.*

    from {{ ref('fact_activities') }} as activities

    cross join run_day

    where activities.activity_date <= run_day.date_day

),

comparison as (

    select
        'mart_sales_activity.activity_count' as metric,
        (select coalesce(sum(activity_count), 0) from {{ ref('mart_sales_activity') }}) as mart_value,
        (select count(*) from activities) as fact_value

    union all

    select
        'mart_sales_activity.completed_activity_count',
        (select coalesce(sum(completed_activity_count), 0) from {{ ref('mart_sales_activity') }}),
        (select count(*) from activities where is_completed)

    union all

    select
        'mart_deal_engagement.activity_count',
        (select coalesce(sum(activity_count), 0) from {{ ref('mart_deal_engagement') }}),
        (
            select count(*)
            from activities
            inner join {{ ref('fact_deals') }} as deals
                on activities.deal_id = deals.deal_id
        )

    union all

    select
        'mart_account_engagement.activity_count',
        (select coalesce(sum(activity_count), 0) from {{ ref('mart_account_engagement') }}),
        (
            select count(*)
            from activities
            inner join {{ ref('dim_accounts') }} as accounts
                on activities.account_id = accounts.account_id
        )

    union all

    select
        'mart_activity_deal_correlation.deal_count',
        (select coalesce(sum(deal_count), 0) from {{ ref('mart_activity_deal_correlation') }}),
        (select count(*) from {{ ref('fact_deals') }})

    union all

    select
        'mart_activity_deal_correlation.won_deal_count',
        (select coalesce(sum(won_deal_count), 0) from {{ ref('mart_activity_deal_correlation') }}),
        (select count(*) from {{ ref('fact_deals') }} where is_won)

)

select * from comparison where mart_value <> fact_value
