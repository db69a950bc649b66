-- What happened after each snapshot of mart_account_features: the churn and upsell labels the models learn,
-- one row per account and past snapshot (the scoring snapshot has no future yet). Revenue = net_amount of orders
-- not cancelled or returned, up to the run date. Offsets count days from the snapshot date: the snapshot day is
-- day 0 of the horizon; the lookback is the days before it.
--   is_existing_customer: revenue in the churn_lookback_days before the snapshot.
--   is_churned: an existing customer with no revenue in the churn_horizon_days from the snapshot.
--   is_upsold: an existing customer that, in the upsell_horizon_days from the snapshot, wins a deal or has
--     revenue above 0 and above (1 + upsell_revenue_increase_min_rate) x its revenue of the same number of days
--     before it (which a returned or negative order can make negative).
-- A label is null for an account that is not an existing customer, and while its horizon has not ended by the
-- run date (the snapshot date plus the horizon is after the day after the run date).
--   is_horizon_complete: every day of both horizons is on or before the run date, so the row changes only when
--     an order or deal of its windows lands.
--
-- Incremental, unique_key (account_id, snapshot_date). A row reads the orders and won deals dated inside its
-- windows and, while its horizon is open, the run date. An increment computes:
--   every account at the open snapshot dates: those the table does not hold yet, those it holds with a horizon
--   still open then, and those whose horizon is open now (completeness depends on the dates alone);
--   the accounts touched at the snapshots whose windows hold the date of a raw version of an order or deal
--   landed since the last build (an order moved to another account touches both), an account's own landed
--   version at every snapshot;
--   a tombstone (is_existing_customer null) for each row of the table that mart_account_features no longer has
--   as a past snapshot (a snapshot past the window, an account deleted or created later), which the
--   delete+insert replaces and the post_hook deletes.

with

{{ run_day() }},

feature_snapshots as (

    select
        account_id,
        snapshot_date,
        {{ datediff('run_day.date_day', 'snapshot_date', 'day') }} as day_offset,
        {{ datediff('snapshot_date', 'run_day.date_day', 'day') }} + 1 as days_observed

    from {{ ref('mart_account_features') }}

    cross join run_day

    where not is_scoring_snapshot

),
{% if is_incremental() %}

held_snapshot_dates as (

    select
        snapshot_date,
        min(case when is_horizon_complete then 1 else 0 end) as is_complete

    from {{ this }}

    group by snapshot_date

),

current_snapshot_dates as (

    select distinct
        snapshot_date,
        days_observed

    from feature_snapshots

),

open_snapshot_dates as (

    select current_dates.snapshot_date

    from current_snapshot_dates as current_dates

    left join held_snapshot_dates as held
        on current_dates.snapshot_date = held.snapshot_date

    where held.snapshot_date is null
        or held.is_complete = 0
        or current_dates.days_observed
            < greatest({{ var('churn_horizon_days') }}, {{ var('upsell_horizon_days') }})

),

landed_accounts as (

    select account_id from {{ source('crm', 'accounts') }}
    where account_id in ({{ landed_keys('accounts', 'account_id') }})

),

touched_versions as (

    -- Every raw version of an order or deal landed since the last build, at the day offset of the date a
    -- window reads it by (fact_orders' order_date, fact_deals' closed_date); a version without that date has
    -- a null offset, which no window holds.
    select
        orders.account_id,
        {{ datediff('run_day.date_day', 'cast(orders.ordered_at as date)', 'day') }} as day_offset

    from {{ source('crm', 'orders') }} as orders

    cross join run_day

    where orders.order_id in ({{ landed_keys('orders', 'order_id') }})

    union all

    select
        deals.account_id,
        {{ datediff('run_day.date_day', 'cast(deals.closed_at as date)', 'day') }} as day_offset

    from {{ source('crm', 'deals') }} as deals

    cross join run_day

    where deals.deal_id in ({{ landed_keys('deals', 'deal_id') }})

),

removed_snapshots as (

    -- The table's rows mart_account_features no longer has: those of a snapshot no longer current, and of an
    -- account whose own versions landed, as only those decide whether an account is at a snapshot.
    select account_id, snapshot_date from {{ this }}
    where snapshot_date not in (select snapshot_date from current_snapshot_dates)

    union

    select account_id, snapshot_date from {{ this }}
    where account_id in (select account_id from landed_accounts)

    except

    select account_id, snapshot_date from feature_snapshots
    where account_id in (select account_id from landed_accounts)

),

touched_snapshots as (

    -- The account snapshots whose windows hold a touched version's date, found by a join (an exists
    -- beside the other conditions would run once per snapshot row where the engine cannot decorrelate it).
    select distinct
        feature_snapshots.account_id,
        feature_snapshots.snapshot_date

    from feature_snapshots

    inner join touched_versions
        on feature_snapshots.account_id = touched_versions.account_id
        and touched_versions.day_offset >= feature_snapshots.day_offset
            - greatest({{ var('churn_lookback_days') }}, {{ var('upsell_horizon_days') }})
        and touched_versions.day_offset < feature_snapshots.day_offset
            + greatest({{ var('churn_horizon_days') }}, {{ var('upsell_horizon_days') }})

),
{% endif %}

snapshots as (

    select
        feature_snapshots.account_id,
        feature_snapshots.snapshot_date,
        feature_snapshots.day_offset,
        feature_snapshots.days_observed

    from feature_snapshots
{% if is_incremental() %}

    left join touched_snapshots
        on feature_snapshots.account_id = touched_snapshots.account_id
        and feature_snapshots.snapshot_date = touched_snapshots.snapshot_date

    where feature_snapshots.snapshot_date in (select snapshot_date from open_snapshot_dates)
        or feature_snapshots.account_id in (select account_id from landed_accounts)
        or touched_snapshots.account_id is not null
{% endif %}

),

revenue_orders as (

    -- day_offset (days from the run date, negative before it) is taken once per order and per snapshot,
    -- so an order's offset from a snapshot is a subtraction of integers rather than a datediff per pair.
    -- An order without an amount adds nothing to a sum; leaving it out keeps every window's sum a number.
    select
        orders.account_id,
        orders.net_amount,
        {{ datediff('run_day.date_day', 'orders.order_date', 'day') }} as day_offset

    from {{ ref('fact_orders') }} as orders

    cross join run_day

    where not orders.is_cancelled_or_returned
        and orders.order_date <= run_day.date_day
        and orders.net_amount is not null

),

order_windows as (

    -- One row per snapshot: its revenue in each window (0 when no order counts).
    select
        snapshots.account_id,
        snapshots.snapshot_date,
        snapshots.days_observed,
        sum(
            case
                when orders.day_offset - snapshots.day_offset
                    between -{{ var('churn_lookback_days') }} and -1
                    then orders.net_amount
                else 0
            end
        ) as lookback_revenue_amount,
        sum(
            case
                when orders.day_offset - snapshots.day_offset
                    between 0 and {{ var('churn_horizon_days') }} - 1
                    then orders.net_amount
                else 0
            end
        ) as churn_horizon_revenue_amount,
        sum(
            case
                when orders.day_offset - snapshots.day_offset
                    between -{{ var('upsell_horizon_days') }} and -1
                    then orders.net_amount
                else 0
            end
        ) as upsell_baseline_revenue_amount,
        sum(
            case
                when orders.day_offset - snapshots.day_offset
                    between 0 and {{ var('upsell_horizon_days') }} - 1
                    then orders.net_amount
                else 0
            end
        ) as upsell_horizon_revenue_amount

    from snapshots

    -- Every snapshot, with only the orders inside one of its windows (from the earlier window start to the later
    -- horizon end): an account's other orders add 0 to every sum, and joining them to each of its snapshots was
    -- most of the work. A snapshot without such orders keeps one row, whose sums are 0.
    left join revenue_orders as orders
        on snapshots.account_id = orders.account_id
        and orders.day_offset >= snapshots.day_offset
            - greatest({{ var('churn_lookback_days') }}, {{ var('upsell_horizon_days') }})
        and orders.day_offset < snapshots.day_offset
            + greatest({{ var('churn_horizon_days') }}, {{ var('upsell_horizon_days') }})

    group by
        snapshots.account_id,
        snapshots.snapshot_date,
        snapshots.days_observed

),

won_deals as (

    select
        snapshots.account_id,
        snapshots.snapshot_date,
        count(*) as won_deal_count

    from snapshots

    inner join {{ ref('fact_deals') }} as deals
        on snapshots.account_id = deals.account_id

    cross join run_day

    where deals.is_won
        and deals.closed_date <= run_day.date_day
        and {{ datediff('snapshots.snapshot_date', 'deals.closed_date', 'day') }}
            between 0 and {{ var('upsell_horizon_days') }} - 1

    group by
        snapshots.account_id,
        snapshots.snapshot_date

),

measured as (

    select
        order_windows.account_id,
        order_windows.snapshot_date,
        order_windows.days_observed,
        order_windows.lookback_revenue_amount,
        order_windows.churn_horizon_revenue_amount,
        order_windows.upsell_baseline_revenue_amount,
        order_windows.upsell_horizon_revenue_amount,
        coalesce(won_deals.won_deal_count, 0) as won_deal_count

    from order_windows

    left join won_deals
        on order_windows.account_id = won_deals.account_id
        and order_windows.snapshot_date = won_deals.snapshot_date

),

final as (

    select

        ---------- ids
        account_id,
        snapshot_date,

        ---------- booleans: labels
        case when lookback_revenue_amount > 0 then true else false end as is_existing_customer,
        case
            when lookback_revenue_amount <= 0 or days_observed < {{ var('churn_horizon_days') }} then null
            when churn_horizon_revenue_amount <= 0 then true
            else false
        end as is_churned,
        case
            when lookback_revenue_amount <= 0 or days_observed < {{ var('upsell_horizon_days') }} then null
            when won_deal_count > 0 then true
            when upsell_horizon_revenue_amount > 0
                and upsell_horizon_revenue_amount
                    > upsell_baseline_revenue_amount * (1 + {{ var('upsell_revenue_increase_min_rate') }})
                then true
            else false
        end as is_upsold,

        ---------- numerics: the windows
        cast(lookback_revenue_amount as decimal(18,2)) as lookback_revenue_amount,
        cast(churn_horizon_revenue_amount as decimal(18,2)) as churn_horizon_revenue_amount,
        cast(upsell_baseline_revenue_amount as decimal(18,2)) as upsell_baseline_revenue_amount,
        cast(upsell_horizon_revenue_amount as decimal(18,2)) as upsell_horizon_revenue_amount,
        cast(won_deal_count as integer) as won_deal_count,

        ---------- booleans: the horizon
        case
            when days_observed >= greatest({{ var('churn_horizon_days') }}, {{ var('upsell_horizon_days') }}) then true
            else false
        end as is_horizon_complete

    from measured

)

select * from final
{% if is_incremental() %}

union all

-- Tombstones: is_existing_customer null, which the post_hook deletes.
select
    account_id,
    snapshot_date,
    cast(null as boolean),
    cast(null as boolean),
    cast(null as boolean),
    cast(null as decimal(18,2)),
    cast(null as decimal(18,2)),
    cast(null as decimal(18,2)),
    cast(null as decimal(18,2)),
    cast(null as integer),
    cast(null as boolean)

from removed_snapshots
{% endif %}
