-- Engagement per deal: one row per deal in fact_deals, with the activities logged against it up to the run date
-- (activity_date on or before the run date; activities planned for later are not counted).
-- last_touch_date is the latest day of a completed activity; days_since_last_touch runs from it to the run date.
-- activity_band groups the deals by activity count for the activity-to-deal correlation (0, 1-2, 3-5, 6-9, 10+).
-- The counts come from int_activity_metrics_by_deal, an incremental model: this joins them to the deals and adds
-- what moves with every run date.

with

{{ run_day() }},

deals as (

    select * from {{ ref('fact_deals') }}

),

deal_activities as (

    select * from {{ ref('int_activity_metrics_by_deal') }}

),

counted as (

    select
        deals.deal_id,
        deals.account_id,
        deals.owner_id,
        deals.deal_name,
        deals.stage,
        deals.amount,
        deals.is_won,
        deals.is_lost,
        deals.is_closed,
        deals.stage_order,
        deals.created_date,
        deals.closed_date,
        deals.sales_cycle_days,
        coalesce(deal_activities.activity_count, 0) as activity_count,
        coalesce(deal_activities.call_count, 0) as call_count,
        coalesce(deal_activities.email_count, 0) as email_count,
        coalesce(deal_activities.meeting_count, 0) as meeting_count,
        coalesce(deal_activities.note_count, 0) as note_count,
        coalesce(deal_activities.task_count, 0) as task_count,
        coalesce(deal_activities.completed_activity_count, 0) as completed_activity_count,
        coalesce(deal_activities.overdue_activity_count, 0) as overdue_activity_count,
        coalesce(deal_activities.contacts_touched_count, 0) as contacts_touched_count,
        deal_activities.first_activity_date,
        deal_activities.last_touch_date,
        run_day.date_day as run_date

    from deals

    cross join run_day

    left join deal_activities
        on deals.deal_id = deal_activities.deal_id

),

final as (

    select

        ---------- ids
        deal_id,
        account_id,
        owner_id,

        ---------- strings
        deal_name,
        stage,
        case
            when activity_count = 0 then '0'
            when activity_count <= 2 then '1-2'
            when activity_count <= 5 then '3-5'
            when activity_count <= 9 then '6-9'
            else '10+'
        end as activity_band,

        ---------- numerics
        amount,
        cast(activity_count as integer) as activity_count,
        cast(call_count as integer) as call_count,
        cast(email_count as integer) as email_count,
        cast(meeting_count as integer) as meeting_count,
        cast(note_count as integer) as note_count,
        cast(task_count as integer) as task_count,
        cast(completed_activity_count as integer) as completed_activity_count,
        cast(overdue_activity_count as integer) as overdue_activity_count,
        cast(contacts_touched_count as integer) as contacts_touched_count,
        cast(
            cast(
                {{ safe_divide('completed_activity_count', 'activity_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as activity_completion_rate,
        cast({{ datediff('last_touch_date', 'run_date', 'day') }} as integer) as days_since_last_touch,
        sales_cycle_days,

        ---------- booleans
        case
            when stage_order between 1 and 4 then true
            else false
        end as is_open,
        is_won,
        is_lost,

        ---------- dates
        created_date,
        closed_date,
        first_activity_date,
        last_touch_date

    from counted

)

select * from final
