-- The owners of mart_rep_scorecard add up to the facts: bookings and won deals to the won deals of fact_deals,
-- lost deals, open pipeline and weighted pipeline likewise, and activities to the activities of fact_activities
-- dated on or before the run date.

with

mart_totals as (

    select
        coalesce(sum(won_deal_count), 0) as won_deal_count,
        coalesce(sum(bookings_amount), 0) as bookings_amount,
        coalesce(sum(lost_deal_count), 0) as lost_deal_count,
        coalesce(sum(open_deal_count), 0) as open_deal_count,
        coalesce(sum(pipeline_amount), 0) as pipeline_amount,
        coalesce(sum(weighted_pipeline_amount), 0) as weighted_pipeline_amount,
        coalesce(sum(activity_count), 0) as activity_count

    from {{ ref('mart_rep_scorecard') }}

),

deal_totals as (

    select
        sum(case when is_won then 1 else 0 end) as won_deal_count,
        coalesce(sum(case when is_won then amount else 0 end), 0) as bookings_amount,
        sum(case when is_lost then 1 else 0 end) as lost_deal_count,
        sum(case when stage_order between 1 and 4 then 1 else 0 end) as open_deal_count,
        coalesce(sum(case when stage_order between 1 and 4 then amount else 0 end), 0) as pipeline_amount,
        coalesce(sum(case when stage_order between 1 and 4 then weighted_amount else 0 end), 0) as weighted_pipeline_amount

    from {{ ref('fact_deals') }}

),

activity_totals as (

    select
        count(*) as activity_count

    from {{ ref('fact_activities') }}

    where activity_date <= cast('{{ var("run_date") }}' as date)

),

comparison as (

    select 'won_deal_count' as metric, mart_totals.won_deal_count as mart_value, coalesce(deal_totals.won_deal_count, 0) as fact_value
    from mart_totals cross join deal_totals
    union all
    select 'bookings_amount', mart_totals.bookings_amount, deal_totals.bookings_amount
    from mart_totals cross join deal_totals
    union all
    select 'lost_deal_count', mart_totals.lost_deal_count, coalesce(deal_totals.lost_deal_count, 0)
    from mart_totals cross join deal_totals
    union all
    select 'open_deal_count', mart_totals.open_deal_count, coalesce(deal_totals.open_deal_count, 0)
    from mart_totals cross join deal_totals
    union all
    select 'pipeline_amount', mart_totals.pipeline_amount, deal_totals.pipeline_amount
    from mart_totals cross join deal_totals
    union all
    select 'weighted_pipeline_amount', mart_totals.weighted_pipeline_amount, deal_totals.weighted_pipeline_amount
    from mart_totals cross join deal_totals
    union all
    select 'activity_count', mart_totals.activity_count, activity_totals.activity_count
    from mart_totals cross join activity_totals

)

select * from comparison where mart_value <> fact_value
