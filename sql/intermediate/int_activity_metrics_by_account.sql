-- Activity metrics per account as of the run date, for mart_account_engagement: one row per account with at least
-- one activity in fact_activities (of any date). Only activities dated on or before the run date count; windows
-- count days back from the run date, the run date included (last 30 days = the run date and the 29 days before).
-- Every measure is a count, a distinct count or a date, so the mart adds the run-date arithmetic
-- (days_since_last_touch, the completion rate) and the account's own columns.
--
-- valid_from_run_date .. valid_until_run_date: the run dates for which the row's metrics are these. They change
-- with the run date only when it reaches an event of one of the account's activities: its date (it starts to
-- count), 30 and 90 days after it (it leaves a window), and the day after its due date while it is open (it turns
-- overdue). So the range runs from the latest event on or before the run date (null: none) to the day before the
-- first one after it (null: none).
--
-- Incremental, unique_key account_id. An increment computes the accounts a raw version of an activity landed
-- since the last build carries (an activity moved to another account touches both) and those whose range no
-- longer holds the run date (in a Salesforce or HubSpot project every account); a tombstone (activity_count
-- null) for a computed account that has no activity any more, which the delete+insert replaces and the
-- post_hook deletes.

with

{{ run_day() }},
{% if is_incremental() %}

touched_accounts as (

    select account_id
    from {{ source('crm', 'activities') }}
    where activity_id in ({{ landed_keys('activities', 'activity_id') }})

    union

    select this_account.account_id
    from {{ this }} as this_account
    cross join run_day
    where run_day.date_day < this_account.valid_from_run_date
        or run_day.date_day > this_account.valid_until_run_date
        -- A Salesforce or HubSpot mapping drops every version of a deleted activity, so no landed version
        -- names its account there: every account is computed.
        or '{{ var("crm_source") }}' <> 'generic'

),
{% endif %}

activities as (

    select
        activities.account_id,
        activities.activity_type,
        activities.is_completed,
        activities.is_overdue,
        activities.deal_id,
        activities.contact_id,
        activities.owner_id,
        activities.activity_date,
        run_day.date_day as run_date,
        activities.activity_date <= run_day.date_day as is_counted,
        {{ datediff('activities.activity_date', 'run_day.date_day', 'day') }} as days_ago,
        case
            when not activities.is_completed and activities.due_at is not null
                then cast({{ dateadd('day', 1, 'cast(activities.due_at as date)') }} as date)
        end as overdue_date

    from {{ ref('fact_activities') }} as activities

    cross join run_day

    where activities.account_id is not null
{% if is_incremental() %}
        and activities.account_id in (select account_id from touched_accounts)
{% endif %}

),

dated as (

    -- Of each activity's date and the days it leaves the 30 and 90 days (which follow each other), the latest on
    -- or before the run date and the first after it.
    select
        *,
        case
            when days_ago >= 90 then cast({{ dateadd('day', 90, 'activity_date') }} as date)
            when days_ago >= 30 then cast({{ dateadd('day', 30, 'activity_date') }} as date)
            when is_counted then activity_date
        end as last_window_event_date,
        case
            when not is_counted then activity_date
            when days_ago < 30 then cast({{ dateadd('day', 30, 'activity_date') }} as date)
            when days_ago < 90 then cast({{ dateadd('day', 90, 'activity_date') }} as date)
        end as next_window_event_date

    from activities

),

counted as (

    select
        account_id,
        {{ activity_counts('is_counted') }},
        sum(case when is_counted and days_ago < 30 then 1 else 0 end) as activity_count_last_30_days,
        sum(case when is_counted and days_ago < 90 then 1 else 0 end) as activity_count_last_90_days,
        count(distinct case when is_counted then deal_id end) as deals_touched_count,
        count(distinct case when is_counted then contact_id end) as contacts_touched_count,
        count(distinct case when is_counted then owner_id end) as users_involved_count,
        min(case when is_counted then activity_date end) as first_activity_date,
        max(case when is_counted and is_completed then activity_date end) as last_touch_date,
        max(last_window_event_date) as last_window_event_date,
        max(case when overdue_date <= run_date then overdue_date end) as last_overdue_date,
        min(next_window_event_date) as next_window_event_date,
        min(case when overdue_date > run_date then overdue_date end) as next_overdue_date

    from dated

    group by account_id

),

final as (

    select

        ---------- ids
        account_id,

        ---------- numerics
        cast(activity_count as integer) as activity_count,
        cast(call_count as integer) as call_count,
        cast(email_count as integer) as email_count,
        cast(meeting_count as integer) as meeting_count,
        cast(note_count as integer) as note_count,
        cast(task_count as integer) as task_count,
        cast(completed_activity_count as integer) as completed_activity_count,
        cast(overdue_activity_count as integer) as overdue_activity_count,
        cast(activity_count_last_30_days as integer) as activity_count_last_30_days,
        cast(activity_count_last_90_days as integer) as activity_count_last_90_days,
        cast(deals_touched_count as integer) as deals_touched_count,
        cast(contacts_touched_count as integer) as contacts_touched_count,
        cast(users_involved_count as integer) as users_involved_count,

        ---------- dates
        first_activity_date,
        last_touch_date,
        case
            when last_overdue_date > last_window_event_date or last_window_event_date is null then last_overdue_date
            else last_window_event_date
        end as valid_from_run_date,
        cast(
            {{ dateadd('day', -1, 'case when next_overdue_date < next_window_event_date or next_window_event_date is null then next_overdue_date else next_window_event_date end') }}
            as date
        ) as valid_until_run_date

    from counted

)

select * from final
{% if is_incremental() %}

union all

-- Tombstones: activity_count null, which the post_hook deletes.
select
    account_id,
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as integer),
    cast(null as date),
    cast(null as date),
    cast(null as date),
    cast(null as date)

from (

    select account_id from touched_accounts
    where account_id in (select account_id from {{ this }})

    except

    select account_id from counted

) as removed
{% endif %}
