{{ config(severity='warn') }}
-- Every deal should have entered at least one stage: a deal with no stage history row is missing from
-- the deal_stage_changes export (or its changes have no timestamp).

select
    deals.deal_id,
    deals.stage

from {{ ref('fact_deals') }} as deals

left join {{ ref('fact_deal_stage_history') }} as history
    on deals.deal_id = history.deal_id

where history.deal_id is null
