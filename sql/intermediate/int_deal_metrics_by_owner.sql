-- Deal metrics per owner, shared by mart_rep_scorecard (one row per owner) and mart_manager_scorecard (the sum
-- of a manager's direct reports' rows). Deals are all deals, current state; a deal without an owner counts
-- under 'unassigned'. Every measure is a sum, a count or a maximum, so a team's figures are the sums of its
-- owners' rows and its averages stay exact: an average is a sum over its own count, never an average of averages.
--   quarter to date = won with closed_date from the first day of the run date's quarter to the run date.
--   open = stages prospecting .. negotiation (stage_order 1 to 4); weighted = sum of weighted_amount.
--   won_amount_count counts the won deals with an amount (the ones an average won amount is over);
--   open_age_days_count and won_sales_cycle_days_count count the open deals with an age and the won deals
--   with a sales cycle, the divisors of average_days_open and average_days_to_close.

with

{{ run_day() }},

deals as (

    select
        coalesce(deals.owner_id, 'unassigned') as owner_id,
        deals.amount,
        deals.weighted_amount,
        deals.is_won,
        deals.is_lost,
        deals.is_overdue,
        deals.closed_date,
        deals.age_days,
        deals.sales_cycle_days,
        deals.stage_order between 1 and 4 as is_open,
        deals.is_won
        and deals.closed_date >= run_day.quarter_start_date
        and deals.closed_date <= run_day.date_day as is_won_quarter_to_date

    from {{ ref('fact_deals') }} as deals

    cross join run_day

),

final as (

    select

        ---------- ids
        owner_id,

        ---------- numerics: won and lost
        cast(sum(case when is_won then 1 else 0 end) as integer) as won_deal_count,
        cast(sum(case when is_won then amount else 0 end) as decimal(18,2)) as bookings_amount,
        cast(sum(case when is_won and amount is not null then 1 else 0 end) as integer) as won_amount_count,
        cast(sum(case when is_won_quarter_to_date then 1 else 0 end) as integer) as won_deal_count_quarter_to_date,
        cast(sum(case when is_won_quarter_to_date then amount else 0 end) as decimal(18,2)) as bookings_amount_quarter_to_date,
        cast(sum(case when is_lost then 1 else 0 end) as integer) as lost_deal_count,
        cast(sum(case when is_lost then amount else 0 end) as decimal(18,2)) as lost_amount,
        cast(max(case when is_won then amount end) as decimal(18,2)) as largest_won_deal_amount,
        cast(sum(case when is_won then sales_cycle_days end) as bigint) as won_sales_cycle_days_sum,
        cast(sum(case when is_won and sales_cycle_days is not null then 1 else 0 end) as integer) as won_sales_cycle_days_count,

        ---------- numerics: open pipeline
        cast(sum(case when is_open then 1 else 0 end) as integer) as open_deal_count,
        cast(sum(case when is_open then amount else 0 end) as decimal(18,2)) as pipeline_amount,
        cast(sum(case when is_open then weighted_amount else 0 end) as decimal(18,2)) as weighted_pipeline_amount,
        cast(sum(case when is_open and is_overdue then 1 else 0 end) as integer) as overdue_deal_count,
        cast(sum(case when is_open then age_days end) as bigint) as open_age_days_sum,
        cast(sum(case when is_open and age_days is not null then 1 else 0 end) as integer) as open_age_days_count

    from deals

    group by owner_id

)

select * from final
