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
--
-- Incremental, unique_key (account_id, snapshot_date). A snapshot's features read only records dated before it,
-- so a past snapshot changes only for the accounts a landed version touches. An increment computes:
--   every account at the snapshots the table does not hold as past snapshots yet (the scoring snapshot, a new
--   month; in a Salesforce or HubSpot project every snapshot, as landed_keys() gives every key there);
--   the accounts touched, at the snapshots after the earliest date of the record that touched them: each raw
--   version of an activity, order, ticket or deal landed since the last build touches the account it carries
--   (a record moved to another account touches both), an account's own landed version all its snapshots;
--   a tombstone (tenure_days null) for each row of the table that is no longer an account at a current
--   snapshot (a snapshot past the window, yesterday's scoring snapshot, an account deleted or created later),
--   which the delete+insert replaces and the post_hook deletes.

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

computed_snapshots as (

    -- Lane 1: the snapshots computed for every account; lane 2, in an increment: those computed only for the
    -- accounts touched (feature_records).
    select
        snapshots.snapshot_date,
        snapshots.is_scoring_snapshot,
{% if is_incremental() %}
        case when held.snapshot_date is null or '{{ var("crm_source") }}' <> 'generic' then 1 else 2 end as lane
{% else %}
        1 as lane
{% endif %}

    from snapshots
{% if is_incremental() %}

    left join (

        select distinct snapshot_date from {{ this }} where not is_scoring_snapshot

    ) as held
        on snapshots.snapshot_date = held.snapshot_date
{% endif %}

),
{% if is_incremental() %}

landed_accounts as (

    select account_id from {{ source('crm', 'accounts') }}
    where account_id in ({{ landed_keys('accounts', 'account_id') }})

),

touched_versions as (

    -- Every raw version of a record landed since the last build, with the earliest date a snapshot of its
    -- account could read it from: the feature joins read a record only at snapshots after its date (activity,
    -- order, ticket or deal creation), so a version touches only those, and the least of the version's dates
    -- bounds the fact's date whichever the fact takes. An account's own version, or a version without a date,
    -- touches every snapshot (a null bound).
    select account_id, cast(least(completed_at, due_at, created_at) as date) as touched_after
    from {{ source('crm', 'activities') }}
    where activity_id in ({{ landed_keys('activities', 'activity_id') }})

    union all

    select account_id, cast(ordered_at as date)
    from {{ source('crm', 'orders') }}
    where order_id in ({{ landed_keys('orders', 'order_id') }})

    union all

    select account_id, cast(least(created_at, resolved_at) as date)
    from {{ source('crm', 'tickets') }}
    where ticket_id in ({{ landed_keys('tickets', 'ticket_id') }})

    union all

    select account_id, cast(least(created_at, closed_at) as date)
    from {{ source('crm', 'deals') }}
    where deal_id in ({{ landed_keys('deals', 'deal_id') }})

    union all

    select account_id, cast(null as date)
    from landed_accounts

),

touched_accounts as (

    -- One row per touched account: its snapshots after touched_after are computed again. An account touched
    -- only on or after the last of those snapshots has none to compute again (most of a day's: records dated
    -- that day), so it is left out before its records are paired with the snapshots. A version without an
    -- account makes a null group that no join below matches; filtering it out here instead would reach the raw
    -- scans above, where DuckDB then hashes the whole raw table to probe it with the few landed keys (0.5 s of
    -- the 3.3 s increment at scale 10).
    select
        account_id,
        min(coalesce(touched_after, cast('1900-01-01' as date))) as touched_after

    from touched_versions

    group by account_id

    having min(coalesce(touched_after, cast('1900-01-01' as date)))
        < (select max(snapshot_date) from computed_snapshots where lane = 2)

),
{% endif %}

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

    -- The account snapshots computed: in an increment, lane 1's and the touched accounts' after touched_after,
    -- chosen here, before each is matched with its version, so the untouched accounts' past snapshots (most
    -- of them) are never paired with their versions.
    select
        accounts.account_id,
        accounts.created_at,
        snapshots.snapshot_date,
        snapshots.is_scoring_snapshot

    from accounts

    cross join computed_snapshots as snapshots
{% if is_incremental() %}

    -- A join, not an exists beside lane = 1, which an engine that cannot decorrelate it runs once per row.
    left join touched_accounts
        on accounts.account_id = touched_accounts.account_id
{% endif %}

    where accounts.created_at < snapshots.snapshot_date
{% if is_incremental() %}
        and (snapshots.lane = 1 or touched_accounts.touched_after < snapshots.snapshot_date)
{% endif %}

),

version_spans as (

    -- Each version is in effect from its valid_from until the next version's (the last one, for ever: a bound
    -- rather than a null, as an `or` in a join condition keeps DuckDB from hashing the join on its account).
    select
        account_id,
        account_category,
        revenue_segment,
        valid_from,
        coalesce(
            lead(valid_from) over (partition by account_id order by valid_from),
            cast('9999-12-31' as timestamp)
        ) as next_valid_from,
        valid_to,
        ended_by_deletion

    from versions

),

live_account_snapshots as (

    -- The table's rows computed: every account at every snapshot, unless it was deleted by then, with the
    -- version in effect then, found by the account (a few versions each) and not by ranking its versions.
    select
        account_snapshots.account_id,
        account_snapshots.created_at,
        account_snapshots.snapshot_date,
        account_snapshots.is_scoring_snapshot,
        coalesce(version_spans.account_category, 'unknown') as account_category,
        coalesce(version_spans.revenue_segment, 'unknown') as revenue_segment

    from account_snapshots

    left join version_spans
        on account_snapshots.account_id = version_spans.account_id
        and version_spans.valid_from < account_snapshots.snapshot_date
        and version_spans.next_valid_from >= account_snapshots.snapshot_date

    where not coalesce(version_spans.ended_by_deletion and version_spans.valid_to < account_snapshots.snapshot_date, false)

),

{% if is_incremental() %}
removed_account_snapshots as (

    -- The table's rows that are no longer account snapshots: those of a snapshot no longer current, and of an
    -- account whose own versions landed (deleted, or created later), as only those decide whether an account
    -- is live at a snapshot. Such an account is touched at every snapshot, so all of its live ones are here.
    select account_id, snapshot_date from {{ this }}
    where snapshot_date not in (select snapshot_date from snapshots)

    union

    select account_id, snapshot_date from {{ this }}
    where account_id in (select account_id from landed_accounts)

    except

    select account_id, snapshot_date from live_account_snapshots
    where account_id in (select account_id from landed_accounts)

),

{% endif %}
computed_account_snapshots as (

    select
        account_id,
        created_at,
        snapshot_date,
        is_scoring_snapshot,
        account_category,
        revenue_segment

    from live_account_snapshots
{% if is_incremental() %}

    union all

    -- Tombstones: created_at null makes tenure_days null, which the post_hook deletes.
    select
        account_id,
        null,
        snapshot_date,
        null,
        null,
        null

    from removed_account_snapshots
{% endif %}

),

-- Each record date meets the snapshots after it once, in record_ages, with its age there in days; every fact
-- then joins its records to those rows by date alone, and its windows compare ages, so no record is joined to a
-- snapshot by a range and no day difference is computed per record.

record_dates as (

    select activity_date as record_date from {{ ref('fact_activities') }}
    union select order_date from {{ ref('fact_orders') }}
    union select created_date from {{ ref('fact_tickets') }}
    union select resolved_date from {{ ref('fact_tickets') }}
    union select created_date from {{ ref('fact_deals') }}
    union select closed_date from {{ ref('fact_deals') }}

),

record_ages as (

    select
        record_dates.record_date,
        snapshots.snapshot_date,
        snapshots.lane,
        {{ datediff('record_dates.record_date', 'snapshots.snapshot_date', 'day') }} as age_days

    from record_dates

    inner join computed_snapshots as snapshots
        on record_dates.record_date < snapshots.snapshot_date

),

activity_features as (

    select
        activities.account_id,
        ages.snapshot_date,
        min(ages.age_days) as days_since_last_activity,
        sum(case when ages.age_days <= 30 then 1 else 0 end) as activity_count_last_30_days,
        sum(case when ages.age_days <= 90 then 1 else 0 end) as activity_count_last_90_days,
        sum(case when ages.age_days between 91 and 180 then 1 else 0 end) as activity_count_previous_90_days

    from (

        {{ feature_records('fact_activities', 'account_id, activity_date') }}

    ) as activities

    inner join record_ages as ages
        on activities.activity_date = ages.record_date
        and {{ feature_lane_match('activities', 'ages') }}
        and ages.age_days <= 365

    group by
        activities.account_id,
        ages.snapshot_date

),

order_features as (

    select
        orders.account_id,
        ages.snapshot_date,
        min(ages.age_days) as days_since_last_order,
        sum(case when ages.age_days <= 90 then 1 else 0 end) as order_count_last_90_days,
        sum(case when ages.age_days <= 90 then orders.net_amount else 0 end) as order_amount_last_90_days,
        sum(case when ages.age_days between 91 and 180 then orders.net_amount else 0 end) as order_amount_previous_90_days,
        sum(orders.net_amount) as order_amount_last_365_days

    from (

        {{ feature_records('fact_orders', 'account_id, order_date, net_amount') }}

    ) as orders

    inner join record_ages as ages
        on orders.order_date = ages.record_date
        and {{ feature_lane_match('orders', 'ages') }}
        and ages.age_days <= 365

    group by
        orders.account_id,
        ages.snapshot_date

),

ticket_features as (

    -- resolved_ages has a row only when the ticket was resolved before the snapshot.
    select
        tickets.account_id,
        ages.snapshot_date,
        sum(case when ages.age_days <= 90 then 1 else 0 end) as ticket_count_last_90_days,
        sum(
            case
                when ages.age_days between {{ var('sla_breach_known_after_days') }} and 90
                    and tickets.sla_target_hours is not null
                    and not coalesce(tickets.resolution_hours <= tickets.sla_target_hours, false)
                    then 1
                else 0
            end
        ) as sla_breach_count_last_90_days,
        sum(case when resolved_ages.record_date is null then 1 else 0 end) as open_ticket_count,
        sum(case when resolved_ages.record_date is null and tickets.priority = 'urgent' then 1 else 0 end)
            as open_urgent_ticket_count

    from (

        {{ feature_records('fact_tickets', 'account_id, priority, created_date, resolved_date, sla_target_hours, resolution_hours') }}

    ) as tickets

    inner join record_ages as ages
        on tickets.created_date = ages.record_date
        and {{ feature_lane_match('tickets', 'ages') }}

    left join record_ages as resolved_ages
        on tickets.resolved_date = resolved_ages.record_date
        and ages.snapshot_date = resolved_ages.snapshot_date

    group by
        tickets.account_id,
        ages.snapshot_date

),

deal_features as (

    -- closed_ages has a row only when the deal was closed before the snapshot.
    select
        deals.account_id,
        ages.snapshot_date,
        sum(case when closed_ages.record_date is null then 1 else 0 end) as open_deal_count,
        sum(case when deals.is_won and closed_ages.age_days <= 365 then 1 else 0 end) as won_deal_count_last_365_days,
        sum(case when deals.is_lost and closed_ages.age_days <= 365 then 1 else 0 end) as lost_deal_count_last_365_days

    from (

        {{ feature_records('fact_deals', 'account_id, created_date, closed_date, is_won, is_lost') }}

    ) as deals

    inner join record_ages as ages
        on deals.created_date = ages.record_date
        and {{ feature_lane_match('deals', 'ages') }}

    left join record_ages as closed_ages
        on deals.closed_date = closed_ages.record_date
        and ages.snapshot_date = closed_ages.snapshot_date

    group by
        deals.account_id,
        ages.snapshot_date

),

measured as (

    select
        account_snapshots.account_id,
        account_snapshots.snapshot_date,
        account_snapshots.is_scoring_snapshot,
        account_snapshots.account_category,
        account_snapshots.revenue_segment,
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

    from computed_account_snapshots as account_snapshots

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
