-- Manager scorecard: one row per manager (a user with at least one direct report in dim_users), summing the
-- deals and activities owned by the manager's direct reports (one level; the manager's own deals are not in it).
-- The metrics follow mart_rep_scorecard: bookings = won amount; win_rate_by_count = won / (won + lost) deals;
-- win_rate_by_amount = won amount / (won + lost) amount; pipeline = open deals (prospecting .. negotiation);
-- average_days_open = mean age of the open deals; average_days_to_close = mean sales cycle of the won deals.
-- Rates and averages are computed over the team's deals, not averaged over reps: the team's row of
-- deal_metrics sums its reports' sums and counts of int_deal_metrics_by_owner, and the published deal columns
-- are the macro deal_scorecard_columns(), shared with mart_rep_scorecard.

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

team_deals as (

    select
        reports.manager_id,
        sum(owner_deals.won_deal_count) as won_deal_count,
        sum(owner_deals.bookings_amount) as bookings_amount,
        sum(owner_deals.bookings_amount_quarter_to_date) as bookings_amount_quarter_to_date,
        sum(owner_deals.lost_deal_count) as lost_deal_count,
        sum(owner_deals.lost_amount) as lost_amount,
        max(owner_deals.largest_won_deal_amount) as largest_won_deal_amount,
        sum(owner_deals.won_sales_cycle_days_sum) as won_sales_cycle_days_sum,
        sum(owner_deals.won_sales_cycle_days_count) as won_sales_cycle_days_count,
        sum(owner_deals.open_deal_count) as open_deal_count,
        sum(owner_deals.pipeline_amount) as pipeline_amount,
        sum(owner_deals.weighted_pipeline_amount) as weighted_pipeline_amount,
        sum(owner_deals.overdue_deal_count) as overdue_deal_count,
        sum(owner_deals.open_age_days_sum) as open_age_days_sum,
        sum(owner_deals.open_age_days_count) as open_age_days_count

    from {{ ref('int_deal_metrics_by_owner') }} as owner_deals

    inner join reports
        on owner_deals.owner_id = reports.user_id

    group by reports.manager_id

),

deal_metrics as (

    select
        *,
        -- Bookings over every won deal of the team.
        cast({{ safe_divide('bookings_amount', 'won_deal_count') }} as decimal(18,6)) as average_won_deal_amount

    from team_deals

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
        {{ deal_scorecard_columns() }},

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
