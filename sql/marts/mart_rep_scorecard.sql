-- Rep scorecard: one row per owner - every user in dim_users plus any owner_id of a deal or activity that is not
-- a known user (a deal or activity without an owner counts under 'unassigned'), so the rows add up to the facts.
-- Deals (all of them, current state):
--   bookings = amount of the won deals; quarter to date = won with closed_date from the first day of the run
--   date's quarter to the run date.
--   win_rate_by_count = won / (won + lost) deals; win_rate_by_amount = won amount / (won + lost) amount.
--   pipeline = open deals (prospecting .. negotiation); weighted pipeline = sum of amount x probability / 100.
--   average_days_open = mean age of the open deals; average_days_to_close = mean sales cycle of the won deals.
--   engaged deals have at least var('engaged_deal_min_activities') activities (mart_deal_engagement); the two
--   win rates compare them with the low-touch deals (the activity-to-deal correlation per rep).
-- Activities dated on or before the run date; last 30 days and last 12 weeks (84 days) end on the run date.
-- The deal sums and counts are int_deal_metrics_by_owner's, the published deal columns those of the macro
-- deal_scorecard_columns(), both shared with mart_manager_scorecard.

with

{{ run_day() }},

deals as (

    select
        coalesce(deals.owner_id, 'unassigned') as owner_id,
        deals.is_won,
        deals.is_lost,
        engagement.activity_count as deal_activity_count

    from {{ ref('fact_deals') }} as deals

    left join {{ ref('mart_deal_engagement') }} as engagement
        on deals.deal_id = engagement.deal_id

),

activities as (

    select
        coalesce(activities.owner_id, 'unassigned') as owner_id,
        activities.activity_type,
        activities.account_id,
        activities.is_completed,
        {{ datediff('activities.activity_date', 'run_day.date_day', 'day') }} as days_ago

    from {{ ref('fact_activities') }} as activities

    cross join run_day

    where activities.activity_date <= run_day.date_day

),

owners as (

    select user_id as owner_id from {{ ref('dim_users') }}
    union
    select owner_id from {{ ref('int_deal_metrics_by_owner') }}
    union
    select owner_id from activities

),

engagement_metrics as (

    select
        owner_id,
        sum(
            case
                when is_won and deal_activity_count >= {{ var('engaged_deal_min_activities') }} then 1
                else 0
            end
        ) as engaged_won_deal_count,
        sum(
            case
                when is_lost and deal_activity_count >= {{ var('engaged_deal_min_activities') }} then 1
                else 0
            end
        ) as engaged_lost_deal_count,
        sum(
            case
                when is_won and deal_activity_count < {{ var('engaged_deal_min_activities') }} then 1
                else 0
            end
        ) as low_touch_won_deal_count,
        sum(
            case
                when is_lost and deal_activity_count < {{ var('engaged_deal_min_activities') }} then 1
                else 0
            end
        ) as low_touch_lost_deal_count

    from deals

    group by owner_id

),

deal_metrics as (

    select
        owner_deals.*,
        -- The mean of the won deals with an amount (avg() leaves out a null amount).
        cast(
            {{ safe_divide('owner_deals.bookings_amount', 'owner_deals.won_amount_count') }}
            as decimal(18,6)
        ) as average_won_deal_amount,
        engagement_metrics.engaged_won_deal_count,
        engagement_metrics.engaged_lost_deal_count,
        engagement_metrics.low_touch_won_deal_count,
        engagement_metrics.low_touch_lost_deal_count

    from {{ ref('int_deal_metrics_by_owner') }} as owner_deals

    left join engagement_metrics
        on owner_deals.owner_id = engagement_metrics.owner_id

),

activity_metrics as (

    select
        owner_id,
        count(*) as activity_count,
        sum(case when is_completed then 1 else 0 end) as completed_activity_count,
        sum(case when activity_type = 'call' then 1 else 0 end) as call_count,
        sum(case when activity_type = 'email' then 1 else 0 end) as email_count,
        sum(case when activity_type = 'meeting' then 1 else 0 end) as meeting_count,
        sum(case when days_ago < 30 then 1 else 0 end) as activity_count_last_30_days,
        sum(case when days_ago < 84 then 1 else 0 end) as activity_count_last_12_weeks,
        count(distinct account_id) as accounts_touched_count

    from activities

    group by owner_id

),

owned_accounts as (

    select
        owner_id,
        count(*) as accounts_owned_count

    from {{ ref('dim_accounts') }}

    where owner_id is not null

    group by owner_id

),

final as (

    select

        ---------- ids
        owners.owner_id,
        users.manager_id,

        ---------- strings
        users.full_name as owner_name,
        users.title,
        users.team,
        users.region,
        users.manager_name,

        ---------- numerics: bookings
        cast(coalesce(deal_metrics.won_deal_count, 0) as integer) as won_deal_count,
        cast(coalesce(deal_metrics.bookings_amount, 0) as decimal(18,2)) as bookings_amount,
        cast(coalesce(deal_metrics.won_deal_count_quarter_to_date, 0) as integer) as won_deal_count_quarter_to_date,
        cast(coalesce(deal_metrics.bookings_amount_quarter_to_date, 0) as decimal(18,2)) as bookings_amount_quarter_to_date,
        {{ deal_scorecard_columns() }},

        ---------- numerics: activity-to-deal correlation
        cast(
            cast(
                {{ safe_divide('deal_metrics.engaged_won_deal_count', 'deal_metrics.engaged_won_deal_count + deal_metrics.engaged_lost_deal_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_engaged_deals,
        cast(
            cast(
                {{ safe_divide('deal_metrics.low_touch_won_deal_count', 'deal_metrics.low_touch_won_deal_count + deal_metrics.low_touch_lost_deal_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_low_touch_deals,

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
        cast(coalesce(activity_metrics.call_count, 0) as integer) as call_count,
        cast(coalesce(activity_metrics.email_count, 0) as integer) as email_count,
        cast(coalesce(activity_metrics.meeting_count, 0) as integer) as meeting_count,
        cast(coalesce(activity_metrics.activity_count_last_30_days, 0) as integer) as activity_count_last_30_days,
        cast(
            cast({{ safe_divide('coalesce(activity_metrics.activity_count_last_12_weeks, 0)', 12) }} as decimal(18,6))
            as decimal(18,2)
        ) as average_weekly_activities_last_12_weeks,
        cast(coalesce(activity_metrics.accounts_touched_count, 0) as integer) as accounts_touched_count,
        cast(coalesce(owned_accounts.accounts_owned_count, 0) as integer) as accounts_owned_count,

        ---------- booleans
        case
            when users.user_id is not null then true
            else false
        end as is_known_user,
        coalesce(users.is_active, false) as is_active

    from owners

    left join {{ ref('dim_users') }} as users
        on owners.owner_id = users.user_id

    left join deal_metrics
        on owners.owner_id = deal_metrics.owner_id

    left join activity_metrics
        on owners.owner_id = activity_metrics.owner_id

    left join owned_accounts
        on owners.owner_id = owned_accounts.owner_id

)

select * from final
