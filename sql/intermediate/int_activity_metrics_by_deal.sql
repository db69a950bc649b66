-- Activity metrics per deal as of the run date, for mart_deal_engagement: one row per deal with at least one
-- activity in fact_activities (of any date). Only activities dated on or before the run date count. Every measure
-- is a count, a distinct count or a date, so the mart adds the run-date arithmetic (days_since_last_touch, the
-- completion rate, the band) and the deal's own columns.
--
-- valid_from_run_date .. valid_until_run_date: the run dates for which the row's metrics are these. They change
-- with the run date only when it reaches an event of one of the deal's activities: its date (it starts to count)
-- and the day after its due date while it is open (it turns overdue). So the range runs from the latest event on
-- or before the run date (null: none) to the day before the first one after it (null: none), as in
-- int_activity_metrics_by_account.
--
-- Incremental, unique_key deal_id. An increment computes the deals a raw version of an activity landed since the
-- last build carries (an activity moved to another deal touches both) and those whose range no longer holds the
-- run date (in a Salesforce or HubSpot project every deal); a tombstone (activity_count null) for a computed deal
-- that has no activity any more, which the delete+insert replaces and the post_hook deletes.

with

{{ run_day() }},
{% if is_incremental() %}

touched_deals as (

    select deal_id
    from {{ source('crm', 'activities') }}
    where activity_id in ({{ landed_keys('activities', 'activity_id') }})

    union

    select this_deal.deal_id
    from {{ this }} as this_deal
    cross join run_day
    where run_day.date_day < this_deal.valid_from_run_date
        or run_day.date_day > this_deal.valid_until_run_date
        -- A Salesforce or HubSpot mapping drops every version of a deleted activity, so no landed version
        -- names its deal there: every deal is computed.
        or '{{ var("crm_source") }}' <> 'generic'

),
{% endif %}

activities as (

    select
        activities.deal_id,
        activities.activity_type,
        activities.is_completed,
        activities.is_overdue,
        activities.contact_id,
        activities.activity_date,
        run_day.date_day as run_date,
        activities.activity_date <= run_day.date_day as is_counted,
        case
            when not activities.is_completed and activities.due_at is not null
                then cast({{ dateadd('day', 1, 'cast(activities.due_at as date)') }} as date)
        end as overdue_date

    from {{ ref('fact_activities') }} as activities

    cross join run_day

    where activities.deal_id is not null
{% if is_incremental() %}
        and activities.deal_id in (select deal_id from touched_deals)
{% endif %}

),

counted as (

    select
        deal_id,
        {{ activity_counts('is_counted') }},
        count(distinct case when is_counted then contact_id end) as contacts_touched_count,
        min(case when is_counted then activity_date end) as first_activity_date,
        max(case when is_counted and is_completed then activity_date end) as last_touch_date,
        max(case when is_counted then activity_date end) as last_dated_event_date,
        max(case when overdue_date <= run_date then overdue_date end) as last_overdue_date,
        min(case when not is_counted then activity_date end) as next_dated_event_date,
        min(case when overdue_date > run_date then overdue_date end) as next_overdue_date

    from activities

    group by deal_id

),

final as (

    select

        ---------- ids
        deal_id,

        ---------- numerics
        cast(activity_count as integer) as activity_count,
        cast(call_count as integer) as call_count,
        cast(email_count as integer) as email_count,
        cast(meeting_count as integer) as meeting_count,
        cast(note_count as integer) as note_count,
        cast(task_count as integer) as task_count,
        cast(completed_activity_count as integer) as completed_activity_count,
        cast(overdue_activity_count as integer) as overdue_activity_count,
        cast(contacts_touched_count as integer) as contacts_touched_count,

        ---------- dates
        first_activity_date,
        last_touch_date,
        case
            when last_overdue_date > last_dated_event_date or last_dated_event_date is null then last_overdue_date
            else last_dated_event_date
        end as valid_from_run_date,
        cast(
            {{ dateadd('day', -1, 'case when next_overdue_date < next_dated_event_date or next_dated_event_date is null then next_overdue_date else next_dated_event_date end') }}
            as date
        ) as valid_until_run_date

    from counted

)

select * from final
{% if is_incremental() %}

union all

-- Tombstones: activity_count null, which the post_hook deletes.
select
    deal_id,
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

    select deal_id from touched_deals
    where deal_id in (select deal_id from {{ this }})

    except

    select deal_id from counted

) as removed
{% endif %}
