-- Rep productivity by week: one row per owner per week (Monday start) in which the owner has activities dated on
-- or before the run date. An activity without an owner counts under owner_id 'unassigned'.
--   activity_completion_rate = completed activities / activities of the week.
--   accounts_touched_count / deals_touched_count = distinct accounts / deals with an activity of the owner that week.
--   is_complete_week: every day of the week is before the run date, so its counts, the overdue ones included (an
--     activity due on a day is overdue from the next), are final unless an activity of the week lands later.
--
-- Incremental, unique_key (owner_id, week_start_date). A week's row reads the activities dated in it and, while
-- the week is not complete, the run date. An increment computes:
--   every owner at the open weeks: those after the table's latest complete week (a week completes once, and
--   every earlier one has then too) and those not complete now (a run date moved back);
--   the owners touched at the weeks a raw version of one of their activities landed since the last build can
--   be dated in (from the least to the greatest of its completion, due and creation dates: the activity's date
--   is one of them; an activity moved to another owner touches both), and an owner whose own user version
--   landed (name, team, region) at every week;
--   a tombstone (activity_count null) for each row of the table in those weeks that the increment no longer
--   has, which the delete+insert replaces and the post_hook deletes.

with

{{ run_day() }},

dated_activities as (

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
{% if is_incremental() %}

weeks as (

    select distinct week_start_date from {{ ref('dim_dates') }}

),

open_weeks as (

    select weeks.week_start_date

    from weeks

    cross join run_day

    where weeks.week_start_date > (
            select coalesce(max(week_start_date), cast('1900-01-01' as date))
            from {{ this }}
            where is_complete_week
        )
        or {{ datediff('weeks.week_start_date', 'run_day.date_day', 'day') }} < 7

),

landed_owners as (

    select user_id as owner_id from {{ source('crm', 'users') }}
    where user_id in ({{ landed_keys('users', 'user_id') }})

),

touched_weeks as (

    select distinct
        touched.owner_id,
        weeks.week_start_date

    from (

        select
            coalesce(owner_id, 'unassigned') as owner_id,
            cast(least(completed_at, due_at, created_at) as date) as first_date,
            cast(greatest(completed_at, due_at, created_at) as date) as last_date

        from {{ source('crm', 'activities') }}

        where activity_id in ({{ landed_keys('activities', 'activity_id') }})

    ) as touched

    inner join weeks
        on {{ datediff('weeks.week_start_date', 'touched.first_date', 'day') }} < 7
        and {{ datediff('weeks.week_start_date', 'touched.last_date', 'day') }} >= 0

),
{% endif %}

activities as (

    select dated_activities.*

    from dated_activities
{% if is_incremental() %}

    -- Joins, not an exists beside the other conditions, which an engine that cannot decorrelate it runs
    -- once per row (touched_weeks is distinct: no row is repeated).
    left join touched_weeks
        on dated_activities.owner_id = touched_weeks.owner_id
        and dated_activities.week_start_date = touched_weeks.week_start_date

    where dated_activities.week_start_date in (select week_start_date from open_weeks)
        or dated_activities.owner_id in (select owner_id from landed_owners)
        or touched_weeks.owner_id is not null
{% endif %}

),

weekly as (

    select
        owner_id,
        week_start_date,
        {{ activity_counts('true') }},
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
        cast(coalesce(weekly.completed_duration_minutes, 0) as integer) as completed_duration_minutes,

        ---------- booleans
        case
            when {{ datediff('weekly.week_start_date', 'run_day.date_day', 'day') }} >= 7 then true
            else false
        end as is_complete_week

    from weekly

    cross join run_day

    left join {{ ref('dim_users') }} as users
        on weekly.owner_id = users.user_id

)

select * from final
{% if is_incremental() %}

union all

-- Tombstones: activity_count null, which the post_hook deletes.
select
    owner_id,
    null,
    null,
    null,
    week_start_date,
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as decimal(9,4)),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as boolean)

from (

    -- The table's rows in the weeks and owners computed: any the increment no longer has.
    select this_week.owner_id, this_week.week_start_date

    from {{ this }} as this_week

    left join touched_weeks
        on this_week.owner_id = touched_weeks.owner_id
        and this_week.week_start_date = touched_weeks.week_start_date

    where this_week.week_start_date in (select week_start_date from open_weeks)
        or this_week.owner_id in (select owner_id from landed_owners)
        or touched_weeks.owner_id is not null

    except

    select owner_id, week_start_date from weekly

) as removed
{% endif %}
