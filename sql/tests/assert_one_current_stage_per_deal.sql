-- SCD type 2 integrity: every deal in the stage history has exactly one current row, and it is the row
-- with the highest change_sequence. Two current rows (or none) mean the history build is wrong.

with

per_deal as (

    select
        deal_id,
        sum(case when is_current then 1 else 0 end) as current_rows,
        max(change_sequence) as last_sequence,
        max(case when is_current then change_sequence end) as current_sequence

    from {{ ref('fact_deal_stage_history') }}

    group by deal_id

)

select *
from per_deal
where current_rows <> 1
    or current_sequence <> last_sequence
