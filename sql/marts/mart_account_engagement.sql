-- Engagement per account: one row per account in dim_accounts, with the activities logged against it up to the
-- run date (activity_date on or before the run date). Windows count days back from the run date, the run date
-- included: last 30 days = the run date and the 29 days before it.
-- last_touch_date is the latest day of a completed activity; days_since_last_touch runs from it to the run date
-- (null when the account was never touched). Activities of accounts missing from dim_accounts are in no row.
-- The counts come from int_activity_metrics_by_account, an incremental model: this joins them to the accounts
-- and adds what moves with every run date.

with

{{ run_day() }},

accounts as (

    select * from {{ ref('dim_accounts') }}

),

account_activities as (

    select * from {{ ref('int_activity_metrics_by_account') }}

),

final as (

    select

        ---------- ids
        accounts.account_id,
        accounts.owner_id,

        ---------- strings
        accounts.account_name,
        accounts.account_category,

        ---------- numerics
        cast(coalesce(account_activities.activity_count, 0) as integer) as activity_count,
        cast(coalesce(account_activities.call_count, 0) as integer) as call_count,
        cast(coalesce(account_activities.email_count, 0) as integer) as email_count,
        cast(coalesce(account_activities.meeting_count, 0) as integer) as meeting_count,
        cast(coalesce(account_activities.note_count, 0) as integer) as note_count,
        cast(coalesce(account_activities.task_count, 0) as integer) as task_count,
        cast(coalesce(account_activities.completed_activity_count, 0) as integer) as completed_activity_count,
        cast(coalesce(account_activities.overdue_activity_count, 0) as integer) as overdue_activity_count,
        cast(
            cast(
                {{ safe_divide('account_activities.completed_activity_count', 'account_activities.activity_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as activity_completion_rate,
        cast(coalesce(account_activities.activity_count_last_30_days, 0) as integer) as activity_count_last_30_days,
        cast(coalesce(account_activities.activity_count_last_90_days, 0) as integer) as activity_count_last_90_days,
        cast(coalesce(account_activities.deals_touched_count, 0) as integer) as deals_touched_count,
        cast(coalesce(account_activities.contacts_touched_count, 0) as integer) as contacts_touched_count,
        cast(coalesce(account_activities.users_involved_count, 0) as integer) as users_involved_count,
        cast({{ datediff('account_activities.last_touch_date', 'run_day.date_day', 'day') }} as integer) as days_since_last_touch,

        ---------- dates
        account_activities.first_activity_date,
        account_activities.last_touch_date

    from accounts

    cross join run_day

    left join account_activities
        on accounts.account_id = account_activities.account_id

)

select * from final
