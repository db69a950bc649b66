{{ config(severity='warn') }}
-- A deal's stage in the deals extract should be the stage its history ends in. A mismatch means the two
-- CRM exports disagree (a stage change not exported, or exported out of order).

select
    deals.deal_id,
    deals.stage as deal_stage,
    history.stage as current_history_stage

from {{ ref('fact_deals') }} as deals

inner join {{ ref('fact_deal_stage_history') }} as history
    on deals.deal_id = history.deal_id
    and history.is_current

where deals.stage <> history.stage
    or (deals.stage is null and history.stage is not null)
    or (deals.stage is not null and history.stage is null)
