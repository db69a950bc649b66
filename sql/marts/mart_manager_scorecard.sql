-- Manager scorecard: one row per manager (a user with at least one direct report in dim_users), summing the
-- deals and activities owned by the manager's direct reports (one level; the manager's own deals are not in it).
-- The metrics follow mart_rep_scorecard: bookings = won amount; win_rate_by_count = won / (won + lost) deals;
-- win_rate_by_amount = won amount / (won + lost) amount; pipeline = open deals (prospecting .. negotiation);
-- average_days_open = mean age of the open deals; average_days_to_close = mean sales cycle of the won deals.
-- Rates and averages are computed over the team's deals, not averaged over reps.

with

{{ run_day() }},

users as (

    select * from {{ ref('dim_users') }}

),

managers as (

    select * from users where is_manager

),

reports as (

    select
        user_id,
        manager_id,
        is_active

    from users

    where manager_id is not null

),

deals as (

    select
        reports.manager_id,
        deals.stage_order,
        deals.amount,
        deals.weighted_amount,
        deals.is_won,
        deals.is_lost,
        deals.is_overdue,
        deals.closed_date,
        deals.age_days,
        deals.sales_cycle_days

    from {{ ref('fact_deals') }} as deals

    inner join reports
        on deals.owner_id = reports.user_id

),

deal_metrics as (

    select
        deals.manager_id,
        sum(case when deals.is_won then 1 else 0 end) as won_deal_count,
        sum(case when deals.is_won then deals.amount else 0 end) as bookings_amount,
        sum(
            case
                when deals.is_won
                    and deals.closed_date >= run_day.quarter_start_date
                    and deals.closed_date <= run_day.date_day
                    then deals.amount
                else 0
            end
        ) as bookings_amount_quarter_to_date,
        sum(case when deals.is_lost then 1 else 0 end) as lost_deal_count,
        sum(case when deals.is_lost then deals.amount else 0 end) as lost_amount,
        sum(case when deals.stage_order between 1 and 4 then 1 else 0 end) as open_deal_count,
        sum(case when deals.stage_order between 1 and 4 then deals.amount else 0 end) as pipeline_amount,
        sum(case when deals.stage_order between 1 and 4 then deals.weighted_amount else 0 end) as weighted_pipeline_amount,
        sum(case when deals.stage_order between 1 and 4 and deals.is_overdue then 1 else 0 end) as overdue_deal_count,
        max(case when deals.is_won then deals.amount end) as largest_won_deal_amount,
        cast(
            avg(cast(case when deals.stage_order between 1 and 4 then deals.age_days end as double precision))
            as decimal(18,6)
        ) as average_days_open,
        cast(
            avg(cast(case when deals.is_won then deals.sales_cycle_days end as double precision))
            as decimal(18,6)
        ) as average_days_to_close

    from deals

    cross join run_day

    group by deals.manager_id

),

activity_metrics as (

    select
        reports.manager_id,
        count(*) as activity_count,
        sum(case when activities.is_completed then 1 else 0 end) as completed_activity_count,
        sum(
            case
                when {{ datediff('activities.activity_date', 'run_day.date_day', 'day') }} < 30 then 1
                else 0
            end
        ) as activity_count_last_30_days

    from {{ ref('fact_activities') }} as activities

    inner join reports
        on activities.owner_id = reports.user_id

    cross join run_day

    where activities.activity_date <= run_day.date_day

    group by reports.manager_id

),

report_counts as (

    select
        manager_id,
        count(*) as direct_report_count,
        sum(case when is_active then 1 else 0 end) as active_direct_report_count

    from reports

    group by manager_id

),

final as (

    select

        ---------- ids
        managers.user_id as manager_id,

        ---------- strings
        managers.full_name as manager_name,
        managers.title,
        managers.team,
        managers.region,

        ---------- numerics: team
        cast(coalesce(report_counts.direct_report_count, 0) as integer) as direct_report_count,
        cast(coalesce(report_counts.active_direct_report_count, 0) as integer) as active_direct_report_count,

        ---------- numerics: bookings
        cast(coalesce(deal_metrics.won_deal_count, 0) as integer) as won_deal_count,
        cast(coalesce(deal_metrics.bookings_amount, 0) as decimal(18,2)) as bookings_amount,
        cast(coalesce(deal_metrics.bookings_amount_quarter_to_date, 0) as decimal(18,2)) as bookings_amount_quarter_to_date,
        cast(coalesce(deal_metrics.lost_deal_count, 0) as integer) as lost_deal_count,
        cast(coalesce(deal_metrics.lost_amount, 0) as decimal(18,2)) as lost_amount,
        cast(
            cast(
                {{ safe_divide('deal_metrics.won_deal_count', 'deal_metrics.won_deal_count + deal_metrics.lost_deal_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_count,
        cast(
            cast(
                {{ safe_divide('deal_metrics.bookings_amount', 'deal_metrics.bookings_amount + deal_metrics.lost_amount') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_amount,
        cast(
            cast(
                {{ safe_divide('deal_metrics.bookings_amount', 'deal_metrics.won_deal_count') }}
                as decimal(18,6)
            )
            as decimal(18,2)
        ) as average_won_deal_amount,
        cast(deal_metrics.largest_won_deal_amount as decimal(18,2)) as largest_won_deal_amount,
        cast(deal_metrics.average_days_to_close as decimal(18,2)) as average_days_to_close,

        ---------- numerics: pipeline
        cast(coalesce(deal_metrics.open_deal_count, 0) as integer) as open_deal_count,
        cast(coalesce(deal_metrics.pipeline_amount, 0) as decimal(18,2)) as pipeline_amount,
        cast(coalesce(deal_metrics.weighted_pipeline_amount, 0) as decimal(18,2)) as weighted_pipeline_amount,
        cast(coalesce(deal_metrics.overdue_deal_count, 0) as integer) as overdue_deal_count,
        cast(deal_metrics.average_days_open as decimal(18,2)) as average_days_open,

        ---------- numerics: activities
        cast(coalesce(activity_metrics.activity_count, 0) as integer) as activity_count,
        cast(coalesce(activity_metrics.completed_activity_count, 0) as integer) as completed_activity_count,
        cast(
            cast(
                {{ safe_divide('activity_metrics.completed_activity_count', 'activity_metrics.activity_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as activity_completion_rate,
        cast(coalesce(activity_metrics.activity_count_last_30_days, 0) as integer) as activity_count_last_30_days,
        cast(
            cast(
                {{ safe_divide('activity_metrics.activity_count', 'report_counts.direct_report_count') }}
                as decimal(18,6)
            )
            as decimal(18,2)
        ) as activities_per_direct_report

    from managers

    left join report_counts
        on managers.user_id = report_counts.manager_id

    left join deal_metrics
        on managers.user_id = deal_metrics.manager_id

    left join activity_metrics
        on managers.user_id = activity_metrics.manager_id

)

select * from final
