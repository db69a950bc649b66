-- mart_sales_pipeline carries, stage by stage, the deal count, pipeline amount and weighted pipeline amount of
-- fact_deals (deals with a stage outside the funnel are in no row).

with

fact_stages as (

    select
        stage_order,
        count(*) as deal_count,
        sum(amount) as pipeline_amount,
        sum(weighted_amount) as weighted_pipeline_amount

    from {{ ref('fact_deals') }}

    where stage_order is not null

    group by stage_order

)

select
    pipeline.stage,
    pipeline.deal_count,
    coalesce(fact_stages.deal_count, 0) as fact_deal_count,
    pipeline.pipeline_amount,
    coalesce(fact_stages.pipeline_amount, 0) as fact_pipeline_amount,
    pipeline.weighted_pipeline_amount,
    coalesce(fact_stages.weighted_pipeline_amount, 0) as fact_weighted_pipeline_amount

from {{ ref('mart_sales_pipeline') }} as pipeline

left join fact_stages
    on pipeline.stage_order = fact_stages.stage_order

where pipeline.deal_count <> coalesce(fact_stages.deal_count, 0)
    or pipeline.pipeline_amount <> coalesce(fact_stages.pipeline_amount, 0)
    or pipeline.weighted_pipeline_amount <> coalesce(fact_stages.weighted_pipeline_amount, 0)
