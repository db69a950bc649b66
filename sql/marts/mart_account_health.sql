-- Account health: one row per account in dim_accounts, with an explainable risk score.
-- Windows end on the run date and include it: last 30 days = the run date and the 29 days before it; last 90 days
-- likewise; the previous 90 days are the 90 days before those.
-- risk_score (0-100) = the sum of five named components, each in its own column:
--   recency_risk_points (0-25)      days since the last completed activity: never or over 90 -> 25, over 60 -> 18,
--                                   over 30 -> 10, over 14 -> 5, else 0
--   activity_risk_points (0-15)     activities in the last 30 days: 0 -> 15, 1-2 -> 8, 3 or more -> 0
--   urgent_ticket_risk_points (0-20) open urgent tickets: 0 -> 0, 1 -> 10, 2 or more -> 20
--   sla_breach_risk_points (0-20)   tickets created in the last 90 days that missed their SLA: 0 -> 0, 1 -> 8,
--                                   2 -> 14, 3 or more -> 20
--   revenue_trend_risk_points (0-20) revenue of the last 90 days vs the previous 90: previous > 0 and last = 0 -> 20,
--                                   down more than 50% -> 15, down more than 20% -> 8, else (or no previous revenue) 0
-- risk_band: low (under 25), medium (25-49), high (50-74), critical (75 or more).
-- Revenue = net_amount of orders not cancelled or returned.

with

{{ run_day() }},

accounts as (

    select * from {{ ref('dim_accounts') }}

),

engagement as (

    select * from {{ ref('mart_account_engagement') }}

),

ticket_metrics as (

    select
        tickets.account_id,
        sum(case when tickets.is_open then 1 else 0 end) as open_ticket_count,
        sum(case when tickets.is_open and tickets.priority = 'urgent' then 1 else 0 end) as open_urgent_ticket_count,
        sum(
            case
                when {{ datediff('tickets.created_date', 'run_day.date_day', 'day') }} < 90
                    and not tickets.is_sla_met
                    then 1
                else 0
            end
        ) as sla_breach_count_last_90_days,
        sum(
            case
                when {{ datediff('tickets.created_date', 'run_day.date_day', 'day') }} < 90 then 1
                else 0
            end
        ) as ticket_count_last_90_days

    from {{ ref('fact_tickets') }} as tickets

    cross join run_day

    where tickets.created_date <= run_day.date_day

    group by tickets.account_id

),

order_metrics as (

    select
        orders.account_id,
        sum(
            case
                when {{ datediff('orders.order_date', 'run_day.date_day', 'day') }} < 90 then orders.net_amount
                else 0
            end
        ) as revenue_last_90_days,
        sum(
            case
                when {{ datediff('orders.order_date', 'run_day.date_day', 'day') }} between 90 and 179 then orders.net_amount
                else 0
            end
        ) as revenue_previous_90_days

    from {{ ref('fact_orders') }} as orders

    cross join run_day

    where orders.order_date <= run_day.date_day
        and not orders.is_cancelled_or_returned

    group by orders.account_id

),

deal_metrics as (

    select
        account_id,
        sum(case when stage_order between 1 and 4 then 1 else 0 end) as open_deal_count,
        sum(case when stage_order between 1 and 4 then amount else 0 end) as open_pipeline_amount

    from {{ ref('fact_deals') }}

    group by account_id

),

measured as (

    select
        accounts.account_id,
        accounts.owner_id,
        accounts.account_name,
        accounts.account_category,
        accounts.revenue_segment,
        accounts.industry,
        accounts.owner_name,
        engagement.activity_count_last_30_days,
        engagement.last_touch_date,
        engagement.days_since_last_touch,
        coalesce(ticket_metrics.open_ticket_count, 0) as open_ticket_count,
        coalesce(ticket_metrics.open_urgent_ticket_count, 0) as open_urgent_ticket_count,
        coalesce(ticket_metrics.ticket_count_last_90_days, 0) as ticket_count_last_90_days,
        coalesce(ticket_metrics.sla_breach_count_last_90_days, 0) as sla_breach_count_last_90_days,
        coalesce(order_metrics.revenue_last_90_days, 0) as revenue_last_90_days,
        coalesce(order_metrics.revenue_previous_90_days, 0) as revenue_previous_90_days,
        coalesce(deal_metrics.open_deal_count, 0) as open_deal_count,
        coalesce(deal_metrics.open_pipeline_amount, 0) as open_pipeline_amount

    from accounts

    left join engagement
        on accounts.account_id = engagement.account_id

    left join ticket_metrics
        on accounts.account_id = ticket_metrics.account_id

    left join order_metrics
        on accounts.account_id = order_metrics.account_id

    left join deal_metrics
        on accounts.account_id = deal_metrics.account_id

),

scored as (

    select
        *,
        case
            when days_since_last_touch is null or days_since_last_touch > 90 then 25
            when days_since_last_touch > 60 then 18
            when days_since_last_touch > 30 then 10
            when days_since_last_touch > 14 then 5
            else 0
        end as recency_risk_points,
        case
            when activity_count_last_30_days = 0 then 15
            when activity_count_last_30_days <= 2 then 8
            else 0
        end as activity_risk_points,
        case
            when open_urgent_ticket_count >= 2 then 20
            when open_urgent_ticket_count = 1 then 10
            else 0
        end as urgent_ticket_risk_points,
        case
            when sla_breach_count_last_90_days >= 3 then 20
            when sla_breach_count_last_90_days = 2 then 14
            when sla_breach_count_last_90_days = 1 then 8
            else 0
        end as sla_breach_risk_points,
        case
            when revenue_previous_90_days <= 0 then 0
            when revenue_last_90_days <= 0 then 20
            when revenue_last_90_days < revenue_previous_90_days * 0.5 then 15
            when revenue_last_90_days < revenue_previous_90_days * 0.8 then 8
            else 0
        end as revenue_trend_risk_points

    from measured

),

totaled as (

    select
        *,
        recency_risk_points
        + activity_risk_points
        + urgent_ticket_risk_points
        + sla_breach_risk_points
        + revenue_trend_risk_points as risk_score

    from scored

),

final as (

    select

        ---------- ids
        account_id,
        owner_id,

        ---------- strings
        account_name,
        account_category,
        revenue_segment,
        industry,
        owner_name,
        case
            when risk_score >= 75 then 'critical'
            when risk_score >= 50 then 'high'
            when risk_score >= 25 then 'medium'
            else 'low'
        end as risk_band,

        ---------- numerics: signals
        cast(activity_count_last_30_days as integer) as activity_count_last_30_days,
        cast(days_since_last_touch as integer) as days_since_last_touch,
        cast(open_ticket_count as integer) as open_ticket_count,
        cast(open_urgent_ticket_count as integer) as open_urgent_ticket_count,
        cast(ticket_count_last_90_days as integer) as ticket_count_last_90_days,
        cast(sla_breach_count_last_90_days as integer) as sla_breach_count_last_90_days,
        cast(revenue_last_90_days as decimal(18,2)) as revenue_last_90_days,
        cast(revenue_previous_90_days as decimal(18,2)) as revenue_previous_90_days,
        cast(
            cast(
                {{ safe_divide('revenue_last_90_days - revenue_previous_90_days', 'revenue_previous_90_days') }}
                as decimal(18,6)
            )
            as decimal(18,4)
        ) as revenue_trend_rate,
        cast(open_deal_count as integer) as open_deal_count,
        cast(open_pipeline_amount as decimal(18,2)) as open_pipeline_amount,

        ---------- numerics: risk score
        cast(recency_risk_points as integer) as recency_risk_points,
        cast(activity_risk_points as integer) as activity_risk_points,
        cast(urgent_ticket_risk_points as integer) as urgent_ticket_risk_points,
        cast(sla_breach_risk_points as integer) as sla_breach_risk_points,
        cast(revenue_trend_risk_points as integer) as revenue_trend_risk_points,
        cast(risk_score as integer) as risk_score,
        cast(100 - risk_score as integer) as health_score,

        ---------- dates
        last_touch_date

    from totaled

)

select * from final
