-- Point-in-time features of every account at every monthly snapshot: one row per account and snapshot date.
-- Snapshots: the first day of each of the last feature_snapshot_months months up to the run date, and the day
-- after the run date (is_scoring_snapshot: the one the scores are for). A snapshot's features read only what
-- was known when it began: records dated before the snapshot date, and of them only what was known then.
--   Accounts: those created before the snapshot and not deleted by then (dim_accounts_history, so accounts
--     deleted later are still there). Segment and category: the account's version in effect at the snapshot;
--     'unknown' when the landed history starts after it (never guessed from a later version).
--   Windows count days back from the snapshot: last 90 days = the 90 days before it (the snapshot excluded).
--   Orders count whatever their later status (a cancellation may be known only later); amounts are net_amount.
--   Tickets: open at the snapshot = created before it and not resolved before it; an SLA breach counts once its
--     target has passed (sla_breach_known_after_days after the creation date) and the ticket was not resolved
--     within it.
--   Deals: open at the snapshot = created before it and not closed before it; wins and losses by closed_date.
--   health_score: mart_account_health's rule applied at the snapshot, with activities of any status (whether an
--     activity was completed is known only later) and order amounts as above.
-- Recency features are capped at 365 days (no record in the last 365 days reads 365).

with

{{ run_day() }},

snapshots as (

    select distinct
        dates.month_start_date as snapshot_date,
        false as is_scoring_snapshot

    from {{ ref('dim_dates') }} as dates

    cross join run_day

    where dates.date_day <= run_day.date_day
        and {{ datediff('dates.month_start_date', 'run_day.month_start_date', 'month') }}
            < {{ var('feature_snapshot_months') }}

    union all

    select
        cast({{ dateadd('day', 1, 'run_day.date_day') }} as date) as snapshot_date,
        true as is_scoring_snapshot

    from run_day

),

versions as (

    select
        account_id,
        account_category,
        revenue_segment,
        created_at,
        valid_from,
        valid_to,
        ended_by_deletion

    from {{ ref('dim_accounts_history') }}

),

accounts as (

    select
        account_id,
        min(created_at) as created_at

    from versions

    group by account_id

),

account_snapshots as (

    select
        accounts.account_id,
        accounts.created_at,
        snapshots.snapshot_date,
        snapshots.is_scoring_snapshot

    from accounts

    cross join snapshots

    where accounts.created_at < snapshots.snapshot_date

),

version_spans as (

    -- Each version is in effect from its valid_from until the next version's, so the version in effect at a
    -- snapshot is found by a range join to the few snapshots, not by ranking every version at every snapshot.
    select
        account_id,
        account_category,
        revenue_segment,
        valid_from,
        lead(valid_from) over (partition by account_id order by valid_from) as next_valid_from,
        valid_to,
        ended_by_deletion

    from versions

),

snapshot_versions as (

    select
        version_spans.account_id,
        snapshots.snapshot_date,
        version_spans.account_category,
        version_spans.revenue_segment,
        version_spans.ended_by_deletion and version_spans.valid_to < snapshots.snapshot_date as is_deleted

    from version_spans

    inner join snapshots
        on version_spans.valid_from < snapshots.snapshot_date
        and (version_spans.next_valid_from is null or version_spans.next_valid_from >= snapshots.snapshot_date)

),

-- Every fact is first summed per account and day (and the attributes its features read), then joined to the
-- snapshots alone: each day then meets only the snapshots whose windows hold it, and no join or window keeps
-- a row per record and snapshot.

daily_activities as (

    select
        account_id,
        activity_date,
        count(*) as activity_count

    from {{ ref('fact_activities') }}

    group by
        account_id,
        activity_date

),

activity_features as (

    select
        daily_activities.account_id,
        snapshots.snapshot_date,
        min({{ datediff('daily_activities.activity_date', 'snapshots.snapshot_date', 'day') }}) as days_since_last_activity,
        sum(
            case
                when {{ datediff('daily_activities.activity_date', 'snapshots.snapshot_date', 'day') }} <= 30
                    then daily_activities.activity_count
                else 0
            end
        ) as activity_count_last_30_days,
        sum(
            case
                when {{ datediff('daily_activities.activity_date', 'snapshots.snapshot_date', 'day') }} <= 90
                    then daily_activities.activity_count
                else 0
            end
        ) as activity_count_last_90_days,
        sum(
            case
                when {{ datediff('daily_activities.activity_date', 'snapshots.snapshot_date', 'day') }} between 91 and 180
                    then daily_activities.activity_count
                else 0
            end
        ) as activity_count_previous_90_days

    from daily_activities

    inner join snapshots
        on daily_activities.activity_date < snapshots.snapshot_date
        and {{ datediff('daily_activities.activity_date', 'snapshots.snapshot_date', 'day') }} <= 365

    group by
        daily_activities.account_id,
        snapshots.snapshot_date

),

daily_orders as (

    select
        account_id,
        order_date,
        count(*) as order_count,
        sum(net_amount) as net_amount

    from {{ ref('fact_orders') }}

    group by
        account_id,
        order_date

),

order_features as (

    select
        daily_orders.account_id,
        snapshots.snapshot_date,
        min({{ datediff('daily_orders.order_date', 'snapshots.snapshot_date', 'day') }}) as days_since_last_order,
        sum(
            case
                when {{ datediff('daily_orders.order_date', 'snapshots.snapshot_date', 'day') }} <= 90
                    then daily_orders.order_count
                else 0
            end
        ) as order_count_last_90_days,
        sum(
            case
                when {{ datediff('daily_orders.order_date', 'snapshots.snapshot_date', 'day') }} <= 90
                    then daily_orders.net_amount
                else 0
            end
        ) as order_amount_last_90_days,
        sum(
            case
                when {{ datediff('daily_orders.order_date', 'snapshots.snapshot_date', 'day') }} between 91 and 180
                    then daily_orders.net_amount
                else 0
            end
        ) as order_amount_previous_90_days,
        sum(daily_orders.net_amount) as order_amount_last_365_days

    from daily_orders

    inner join snapshots
        on daily_orders.order_date < snapshots.snapshot_date
        and {{ datediff('daily_orders.order_date', 'snapshots.snapshot_date', 'day') }} <= 365

    group by
        daily_orders.account_id,
        snapshots.snapshot_date

),

tickets as (

    select
        account_id,
        created_date,
        resolved_date,
        priority = 'urgent' as is_urgent,
        sla_target_hours is not null and not coalesce(resolution_hours <= sla_target_hours, false) as is_sla_breach

    from {{ ref('fact_tickets') }}

),

daily_tickets as (

    select
        account_id,
        created_date,
        resolved_date,
        is_urgent,
        is_sla_breach,
        count(*) as ticket_count

    from tickets

    group by
        account_id,
        created_date,
        resolved_date,
        is_urgent,
        is_sla_breach

),

ticket_features as (

    select
        daily_tickets.account_id,
        snapshots.snapshot_date,
        sum(
            case
                when {{ datediff('daily_tickets.created_date', 'snapshots.snapshot_date', 'day') }} <= 90
                    then daily_tickets.ticket_count
                else 0
            end
        ) as ticket_count_last_90_days,
        sum(
            case
                when {{ datediff('daily_tickets.created_date', 'snapshots.snapshot_date', 'day') }}
                        between {{ var('sla_breach_known_after_days') }} and 90
                    and daily_tickets.is_sla_breach
                    then daily_tickets.ticket_count
                else 0
            end
        ) as sla_breach_count_last_90_days,
        sum(
            case
                when daily_tickets.resolved_date is null or daily_tickets.resolved_date >= snapshots.snapshot_date
                    then daily_tickets.ticket_count
                else 0
            end
        ) as open_ticket_count,
        sum(
            case
                when (daily_tickets.resolved_date is null or daily_tickets.resolved_date >= snapshots.snapshot_date)
                    and daily_tickets.is_urgent
                    then daily_tickets.ticket_count
                else 0
            end
        ) as open_urgent_ticket_count

    from daily_tickets

    inner join snapshots
        on daily_tickets.created_date < snapshots.snapshot_date

    group by
        daily_tickets.account_id,
        snapshots.snapshot_date

),

daily_deals as (

    select
        account_id,
        created_date,
        closed_date,
        is_won,
        is_lost,
        count(*) as deal_count

    from {{ ref('fact_deals') }}

    group by
        account_id,
        created_date,
        closed_date,
        is_won,
        is_lost

),

deal_features as (

    select
        daily_deals.account_id,
        snapshots.snapshot_date,
        sum(
            case
                when daily_deals.closed_date is null or daily_deals.closed_date >= snapshots.snapshot_date
                    then daily_deals.deal_count
                else 0
            end
        ) as open_deal_count,
        sum(
            case
                when daily_deals.is_won
                    and daily_deals.closed_date < snapshots.snapshot_date
                    and {{ datediff('daily_deals.closed_date', 'snapshots.snapshot_date', 'day') }} <= 365
                    then daily_deals.deal_count
                else 0
            end
        ) as won_deal_count_last_365_days,
        sum(
            case
                when daily_deals.is_lost
                    and daily_deals.closed_date < snapshots.snapshot_date
                    and {{ datediff('daily_deals.closed_date', 'snapshots.snapshot_date', 'day') }} <= 365
                    then daily_deals.deal_count
                else 0
            end
        ) as lost_deal_count_last_365_days

    from daily_deals

    inner join snapshots
        on daily_deals.created_date < snapshots.snapshot_date

    group by
        daily_deals.account_id,
        snapshots.snapshot_date

),

measured as (

    select
        account_snapshots.account_id,
        account_snapshots.snapshot_date,
        account_snapshots.is_scoring_snapshot,
        coalesce(snapshot_versions.account_category, 'unknown') as account_category,
        coalesce(snapshot_versions.revenue_segment, 'unknown') as revenue_segment,
        {{ datediff('account_snapshots.created_at', 'account_snapshots.snapshot_date', 'day') }} as tenure_days,
        coalesce(activity_features.days_since_last_activity, 365) as days_since_last_activity,
        coalesce(activity_features.activity_count_last_30_days, 0) as activity_count_last_30_days,
        coalesce(activity_features.activity_count_last_90_days, 0) as activity_count_last_90_days,
        coalesce(activity_features.activity_count_previous_90_days, 0) as activity_count_previous_90_days,
        coalesce(order_features.days_since_last_order, 365) as days_since_last_order,
        coalesce(order_features.order_count_last_90_days, 0) as order_count_last_90_days,
        coalesce(order_features.order_amount_last_90_days, 0) as order_amount_last_90_days,
        coalesce(order_features.order_amount_previous_90_days, 0) as order_amount_previous_90_days,
        coalesce(order_features.order_amount_last_365_days, 0) as order_amount_last_365_days,
        coalesce(ticket_features.ticket_count_last_90_days, 0) as ticket_count_last_90_days,
        coalesce(ticket_features.sla_breach_count_last_90_days, 0) as sla_breach_count_last_90_days,
        coalesce(ticket_features.open_ticket_count, 0) as open_ticket_count,
        coalesce(ticket_features.open_urgent_ticket_count, 0) as open_urgent_ticket_count,
        coalesce(deal_features.open_deal_count, 0) as open_deal_count,
        coalesce(deal_features.won_deal_count_last_365_days, 0) as won_deal_count_last_365_days,
        coalesce(deal_features.lost_deal_count_last_365_days, 0) as lost_deal_count_last_365_days

    from account_snapshots

    left join snapshot_versions
        on account_snapshots.account_id = snapshot_versions.account_id
        and account_snapshots.snapshot_date = snapshot_versions.snapshot_date

    left join activity_features
        on account_snapshots.account_id = activity_features.account_id
        and account_snapshots.snapshot_date = activity_features.snapshot_date

    left join order_features
        on account_snapshots.account_id = order_features.account_id
        and account_snapshots.snapshot_date = order_features.snapshot_date

    left join ticket_features
        on account_snapshots.account_id = ticket_features.account_id
        and account_snapshots.snapshot_date = ticket_features.snapshot_date

    left join deal_features
        on account_snapshots.account_id = deal_features.account_id
        and account_snapshots.snapshot_date = deal_features.snapshot_date

    where not coalesce(snapshot_versions.is_deleted, false)

),

final as (

    select

        ---------- ids
        account_id,
        snapshot_date,
        is_scoring_snapshot,

        ---------- strings
        account_category,
        revenue_segment,

        ---------- numerics: features
        cast(tenure_days as integer) as tenure_days,
        cast(days_since_last_activity as integer) as days_since_last_activity,
        cast(activity_count_last_30_days as integer) as activity_count_last_30_days,
        cast(activity_count_last_90_days as integer) as activity_count_last_90_days,
        cast(activity_count_previous_90_days as integer) as activity_count_previous_90_days,
        cast(days_since_last_order as integer) as days_since_last_order,
        cast(order_count_last_90_days as integer) as order_count_last_90_days,
        cast(order_amount_last_90_days as decimal(18,2)) as order_amount_last_90_days,
        cast(order_amount_previous_90_days as decimal(18,2)) as order_amount_previous_90_days,
        cast(order_amount_last_365_days as decimal(18,2)) as order_amount_last_365_days,
        cast(ticket_count_last_90_days as integer) as ticket_count_last_90_days,
        cast(sla_breach_count_last_90_days as integer) as sla_breach_count_last_90_days,
        cast(open_ticket_count as integer) as open_ticket_count,
        cast(open_urgent_ticket_count as integer) as open_urgent_ticket_count,
        cast(open_deal_count as integer) as open_deal_count,
        cast(won_deal_count_last_365_days as integer) as won_deal_count_last_365_days,
        cast(lost_deal_count_last_365_days as integer) as lost_deal_count_last_365_days,

        ---------- numerics: the health score's rule at the snapshot (mart_account_health)
        cast(
            100
            - case
                when days_since_last_activity > 90 then 25
                when days_since_last_activity > 60 then 18
                when days_since_last_activity > 30 then 10
                when days_since_last_activity > 14 then 5
                else 0
            end
            - case
                when activity_count_last_30_days = 0 then 15
                when activity_count_last_30_days <= 2 then 8
                else 0
            end
            - case
                when open_urgent_ticket_count >= 2 then 20
                when open_urgent_ticket_count = 1 then 10
                else 0
            end
            - case
                when sla_breach_count_last_90_days >= 3 then 20
                when sla_breach_count_last_90_days = 2 then 14
                when sla_breach_count_last_90_days = 1 then 8
                else 0
            end
            - case
                when order_amount_previous_90_days <= 0 then 0
                when order_amount_last_90_days <= 0 then 20
                when order_amount_last_90_days < order_amount_previous_90_days * 0.5 then 15
                when order_amount_last_90_days < order_amount_previous_90_days * 0.8 then 8
                else 0
            end
            as integer
        ) as health_score

    from measured

)

select * from final
