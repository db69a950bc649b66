-- fact_deals.stage_change_count and backward_move_count agree with the rows of fact_deal_stage_history.

with

history as (

    select
        deal_id,
        sum(case when change_sequence > 1 then 1 else 0 end) as moves,
        sum(case when movement = 'Backward' then 1 else 0 end) as backward_moves

    from {{ ref('fact_deal_stage_history') }}

    group by deal_id

)

select
    deals.deal_id,
    deals.stage_change_count,
    coalesce(history.moves, 0) as history_moves,
    deals.backward_move_count,
    coalesce(history.backward_moves, 0) as history_backward_moves

from {{ ref('fact_deals') }} as deals

left join history
    on deals.deal_id = history.deal_id

where deals.stage_change_count <> coalesce(history.moves, 0)
    or deals.backward_move_count <> coalesce(history.backward_moves, 0)
