-- Rep productivity by week: one row per owner per week (Monday start) in which the owner has activities dated on
-- or before the run date. An activity without an owner counts under owner_id 'unassigned'.
--   activity_completion_rate = completed activities / activities of the week.
--   accounts_touched_count / deals_touched_count = distinct accounts / deals with an activity of the owner that week.

with

{{ run_day() }},

activities as (

    select
        coalesce(activities.owner_id, 'unassigned') as owner_id,
        dates.week_start_date,
        activities.activity_type,
        activities.account_id,
        activities.deal_id,
        activities.is_completed,
        activities.is_overdue,
        activities.duration_minutes

    from {{ ref('fact_activities') }} as activities

    inner join {{ ref('dim_dates') }} as dates
        on activities.activity_date = dates.date_day

    cross join run_day

    where activities.activity_date <= run_day.date_day

),

weekly as (

    select
        owner_id,
        week_start_date,
        count(*) as activity_count,
        sum(case when activity_type = 'call' then 1 else 0 end) as call_count,
        sum(case when activity_type = 'email' then 1 else 0 end) as email_count,
        sum(case when activity_type = 'meeting' then 1 else 0 end) as meeting_count,
        sum(case when activity_type = 'note' then 1 else 0 end) as note_count,
        sum(case when activity_type = 'task' then 1 else 0 end) as task_count,
        sum(case when is_completed then 1 else 0 end) as completed_activity_count,
        sum(case when is_overdue then 1 else 0 end) as overdue_activity_count,
        count(distinct account_id) as accounts_touched_count,
        count(distinct deal_id) as deals_touched_count,
        sum(case when is_completed then duration_minutes else 0 end) as completed_duration_minutes

    from activities

    group by
        owner_id,
        week_start_date

),

final as (

    select

        ---------- ids
        weekly.owner_id,

        ---------- strings
        users.full_name as owner_name,
        users.team as owner_team,
        users.region as owner_region,

        ---------- dates
        weekly.week_start_date,

        ---------- numerics
        cast(weekly.activity_count as integer) as activity_count,
        cast(weekly.call_count as integer) as call_count,
        cast(weekly.email_count as integer) as email_count,
        cast(weekly.meeting_count as integer) as meeting_count,
        cast(weekly.note_count as integer) as note_count,
        cast(weekly.task_count as integer) as task_count,
        cast(weekly.completed_activity_count as integer) as completed_activity_count,
        cast(weekly.overdue_activity_count as integer) as overdue_activity_count,
        cast(
            cast(
                {{ safe_divide('weekly.completed_activity_count', 'weekly.activity_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as activity_completion_rate,
        cast(weekly.accounts_touched_count as integer) as accounts_touched_count,
        cast(weekly.deals_touched_count as integer) as deals_touched_count,
        cast(coalesce(weekly.completed_duration_minutes, 0) as integer) as completed_duration_minutes

    from weekly

    left join {{ ref('dim_users') }} as users
        on weekly.owner_id = users.user_id

)

select * from final
