-- Deals: one row per deal, its current state, with weighted amount, cycle times and stage-move counts.
-- weighted_amount = amount x probability / 100. age_days counts days from creation to the run date;
-- sales_cycle_days counts days from creation to close (closed deals only).
-- stage_change_count and backward_move_count come from fact_deal_stage_history (moves after the initial stage).
-- The account's segments and owner at creation and at close come from the account version valid at that instant
-- in dim_accounts_history (valid_from <= instant < valid_to): null when no version covers it (the account was not
-- yet extracted, or was deleted), and the *_at_close columns are null for open deals.
-- A table, not incremental: age_days and is_overdue move with the run date for every open deal, and the
-- account columns read dim_accounts_history, which any landed account version changes, so an increment
-- would hold most deals every day.

with

deals as (

    select
        *,
        cast('{{ var("run_date") }}' as timestamp) as run_date_at

    from {{ ref('stg_crm_deals') }}

),

stage_moves as (

    select
        deal_id,
        sum(case when movement <> 'Initial' then 1 else 0 end) as stage_change_count,
        sum(case when movement = 'Backward' then 1 else 0 end) as backward_move_count,
        max(valid_from) as last_stage_change_at

    from {{ ref('fact_deal_stage_history') }}

    group by deal_id

),

account_versions as (

    select
        account_id,
        owner_id,
        account_category,
        revenue_segment,
        valid_from,
        valid_to

    from {{ ref('dim_accounts_history') }}

),

final as (

    select

        ----------  ids
        deals.deal_id,
        deals.account_id,
        deals.contact_id,
        deals.owner_id,
        deals.product_id,

        ---------- strings
        deals.deal_name,
        deals.stage,
        at_creation.account_category as account_category_at_creation,
        at_creation.revenue_segment as account_revenue_segment_at_creation,
        at_creation.owner_id as account_owner_id_at_creation,
        at_close.account_category as account_category_at_close,
        at_close.revenue_segment as account_revenue_segment_at_close,
        at_close.owner_id as account_owner_id_at_close,

        ---------- numerics
        deals.stage_order,
        deals.amount,
        deals.probability,
        cast(deals.amount * deals.probability * 0.01 as decimal(18,2)) as weighted_amount,
        case
            when deals.is_closed then {{ datediff('deals.created_at', 'deals.closed_at', 'day') }}
        end as sales_cycle_days,
        {{ datediff('deals.created_at', 'deals.run_date_at', 'day') }} as age_days,
        cast(coalesce(stage_moves.stage_change_count, 0) as integer) as stage_change_count,
        cast(coalesce(stage_moves.backward_move_count, 0) as integer) as backward_move_count,

        ---------- booleans
        deals.is_closed,
        deals.is_won,
        deals.is_lost,
        deals.is_overdue,

        ---------- dates and date keys
        cast(deals.created_at as date) as created_date,
        cast(
            extract(year from deals.created_at) * 10000
            + extract(month from deals.created_at) * 100
            + extract(day from deals.created_at)
            as integer
        ) as created_date_key,
        deals.expected_close_date,
        cast(
            extract(year from deals.expected_close_date) * 10000
            + extract(month from deals.expected_close_date) * 100
            + extract(day from deals.expected_close_date)
            as integer
        ) as expected_close_date_key,
        cast(deals.closed_at as date) as closed_date,
        cast(
            extract(year from deals.closed_at) * 10000
            + extract(month from deals.closed_at) * 100
            + extract(day from deals.closed_at)
            as integer
        ) as closed_date_key,

        ---------- timestamps
        deals.created_at,
        deals.closed_at,
        stage_moves.last_stage_change_at

    from deals

    left join stage_moves
        on deals.deal_id = stage_moves.deal_id

    -- Every condition compares a deal expression with a version expression, with no OR: DuckDB then
    -- hash-joins on account_id; an OR, or a condition on the deal alone, made it a nested loop (1-2 s each).
    -- The current version's open end (valid_to null) is the far future.
    left join account_versions as at_creation
        on deals.account_id = at_creation.account_id
        and deals.created_at >= at_creation.valid_from
        and deals.created_at < coalesce(at_creation.valid_to, cast('9999-12-31' as timestamp))

    left join account_versions as at_close
        on deals.account_id = at_close.account_id
        and case when deals.is_closed then deals.closed_at end >= at_close.valid_from
        and deals.closed_at < coalesce(at_close.valid_to, cast('9999-12-31' as timestamp))

)

select * from final
