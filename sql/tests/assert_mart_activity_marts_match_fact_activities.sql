-- The activity marts add up to fact_activities (activities dated on or before the run date):
--   mart_sales_activity: every activity (owner x week);
--   mart_deal_engagement: the activities of the deals in fact_deals;
--   mart_account_engagement: the activities of the accounts in dim_accounts;
--   mart_activity_deal_correlation: every deal of fact_deals in exactly one band.
--
-- Why one pass over fact_activities: counting it four times, twice joined to fact_deals and dim_accounts,
-- was most of this test's time. Here each activity is scanned once and left-joined to the number of
-- fact_deals (dim_accounts) rows of its deal (account): summed, that number is the row count of the
-- inner join, on any data (a deal held twice counts its activities twice, as the join does; a null or
-- unknown key adds 0, as it adds no joined row). The sums are cast back to bigint, the type of count(*),
-- and an empty sum is 0, as count(*) of nothing is: the rows returned are the same. The run date is a
-- literal in the filter, not a one-row CTE joined in: so DuckDB estimates the filtered activities well
-- and builds its hash tables on the small per-key counts (joined in, it built one on the activities).

with

deal_rows as (

    select
        deal_id,
        count(*) as row_count

    from {{ ref('fact_deals') }}

    group by deal_id

),

account_rows as (

    select
        account_id,
        count(*) as row_count

    from {{ ref('dim_accounts') }}

    group by account_id

),

fact_totals as (

    select
        count(*) as activity_count,
        sum(case when activities.is_completed then 1 else 0 end) as completed_activity_count,
        sum(coalesce(deal_rows.row_count, 0)) as deal_activity_count,
        sum(coalesce(account_rows.row_count, 0)) as account_activity_count

    from {{ ref('fact_activities') }} as activities

    left join deal_rows
        on activities.deal_id = deal_rows.deal_id

    left join account_rows
        on activities.account_id = account_rows.account_id

    where activities.activity_date <= cast('{{ var("run_date") }}' as date)

),

comparison as (

    select
        'mart_sales_activity.activity_count' as metric,
        (select coalesce(sum(activity_count), 0) from {{ ref('mart_sales_activity') }}) as mart_value,
        (select activity_count from fact_totals) as fact_value

    union all

    select
        'mart_sales_activity.completed_activity_count',
        (select coalesce(sum(completed_activity_count), 0) from {{ ref('mart_sales_activity') }}),
        (select cast(coalesce(completed_activity_count, 0) as bigint) from fact_totals)

    union all

    select
        'mart_deal_engagement.activity_count',
        (select coalesce(sum(activity_count), 0) from {{ ref('mart_deal_engagement') }}),
        (select cast(coalesce(deal_activity_count, 0) as bigint) from fact_totals)

    union all

    select
        'mart_account_engagement.activity_count',
        (select coalesce(sum(activity_count), 0) from {{ ref('mart_account_engagement') }}),
        (select cast(coalesce(account_activity_count, 0) as bigint) from fact_totals)

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
