-- Each row of mart_manager_scorecard is the sum of its direct reports' rows in mart_rep_scorecard (won deals,
-- bookings, lost deals, open pipeline, activities), and its direct_report_count is the one of dim_users.

with

report_sums as (

    select
        manager_id,
        count(*) as report_count,
        sum(won_deal_count) as won_deal_count,
        sum(bookings_amount) as bookings_amount,
        sum(lost_deal_count) as lost_deal_count,
        sum(pipeline_amount) as pipeline_amount,
        sum(activity_count) as activity_count

    from {{ ref('mart_rep_scorecard') }}

    where manager_id is not null

    group by manager_id

)

select
    managers.manager_id,
    managers.direct_report_count,
    users.direct_report_count as dim_direct_report_count,
    report_sums.report_count,
    managers.bookings_amount,
    report_sums.bookings_amount as reports_bookings_amount,
    managers.activity_count,
    report_sums.activity_count as reports_activity_count

from {{ ref('mart_manager_scorecard') }} as managers

left join report_sums
    on managers.manager_id = report_sums.manager_id

left join {{ ref('dim_users') }} as users
    on managers.manager_id = users.user_id

where managers.direct_report_count <> coalesce(users.direct_report_count, -1)
    or managers.direct_report_count <> coalesce(report_sums.report_count, 0)
    or managers.won_deal_count <> coalesce(report_sums.won_deal_count, 0)
    or managers.bookings_amount <> coalesce(report_sums.bookings_amount, 0)
    or managers.lost_deal_count <> coalesce(report_sums.lost_deal_count, 0)
    or managers.pipeline_amount <> coalesce(report_sums.pipeline_amount, 0)
    or managers.activity_count <> coalesce(report_sums.activity_count, 0)
