-- The run date's row of mart_pipeline_daily_snapshot (rebuilt from the stage history) equals the open pipeline
-- of fact_deals (deals in prospecting .. negotiation): deal count, amount and weighted amount.
-- A deal whose stage in fact_deals disagrees with its current stage history row, or that has no history (reported
-- by assert_deal_stage_matches_current_history and assert_deals_without_stage_history), counts as its history
-- says, weighted at the stage's standard probability, as in the mart.
-- fact_deals holds the latest state of each deal, so the check applies when no deal was created or changed stage
-- after the run date (a daily run); a rebuild of a past run date over later data is not checked.

with

current_history as (

    select
        deal_id,
        stage,
        stage_order

    from {{ ref('fact_deal_stage_history') }}

    where is_current

),

deal_states as (

    select
        deals.amount,
        case
            when current_history.stage = deals.stage then deals.stage_order
            else current_history.stage_order
        end as stage_order,
        case
            when current_history.stage = deals.stage then deals.weighted_amount
            else cast(
                deals.amount
                * case current_history.stage_order
                    when 1 then {{ var('stage_probability_prospecting') }}
                    when 2 then {{ var('stage_probability_qualification') }}
                    when 3 then {{ var('stage_probability_proposal') }}
                    when 4 then {{ var('stage_probability_negotiation') }}
                end
                / 100
                as decimal(18,2)
            )
        end as weighted_amount

    from {{ ref('fact_deals') }} as deals

    left join current_history
        on deals.deal_id = current_history.deal_id

),

expected as (

    select
        count(*) as open_deal_count,
        coalesce(sum(amount), 0) as open_pipeline_amount,
        coalesce(sum(weighted_amount), 0) as weighted_pipeline_amount

    from deal_states

    where stage_order between 1 and 4

),

later_changes as (

    select
        count(*) as change_count

    from {{ ref('fact_deal_stage_history') }}

    where cast(valid_from as date) > cast('{{ var("run_date") }}' as date)

),

snapshot_row as (

    select
        count(*) as row_count,
        coalesce(sum(open_deal_count), 0) as open_deal_count,
        coalesce(sum(open_pipeline_amount), 0) as open_pipeline_amount,
        coalesce(sum(weighted_pipeline_amount), 0) as weighted_pipeline_amount

    from {{ ref('mart_pipeline_daily_snapshot') }}

    where snapshot_date = cast('{{ var("run_date") }}' as date)

)

select
    snapshot_row.row_count,
    snapshot_row.open_deal_count as snapshot_open_deal_count,
    expected.open_deal_count as expected_open_deal_count,
    snapshot_row.open_pipeline_amount as snapshot_open_pipeline_amount,
    expected.open_pipeline_amount as expected_open_pipeline_amount,
    snapshot_row.weighted_pipeline_amount as snapshot_weighted_pipeline_amount,
    expected.weighted_pipeline_amount as expected_weighted_pipeline_amount

from snapshot_row

cross join expected

cross join later_changes

where later_changes.change_count = 0
    and (
        snapshot_row.row_count <> 1
        or snapshot_row.open_deal_count <> expected.open_deal_count
        or snapshot_row.open_pipeline_amount <> expected.open_pipeline_amount
        or snapshot_row.weighted_pipeline_amount <> expected.weighted_pipeline_amount
    )
