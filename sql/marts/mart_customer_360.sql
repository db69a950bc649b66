-- Customer 360: one row per account in dim_accounts, with everything the marts know about it: profile and owner,
-- contacts, deals and pipeline, engagement (mart_account_engagement), support, orders and lifetime value, and the
-- risk score of mart_account_health. Orders, tickets and activities count up to the run date; deals are current.
--   customer_lifetime_value_amount = lifetime revenue: net_amount of all the account's orders that were not
--     cancelled or returned (historical LTV, no projection).
--   average_order_value = lifetime revenue / revenue orders.
--   win_rate_by_count = won / (won + lost) deals; win_rate_by_amount = won / (won + lost) amount.
--   sla_compliance_rate = tickets that met their SLA / tickets with an SLA verdict.

with

{{ run_day() }},

accounts as (

    select * from {{ ref('dim_accounts') }}

),

contacts as (

    select
        account_id,
        count(*) as contact_count,
        sum(case when seniority_level in ('C-Level', 'VP', 'Director') then 1 else 0 end) as decision_maker_count

    from {{ ref('dim_contacts') }}

    group by account_id

),

deals as (

    select
        account_id,
        count(*) as deal_count,
        sum(case when stage_order between 1 and 4 then 1 else 0 end) as open_deal_count,
        sum(case when stage_order between 1 and 4 then amount else 0 end) as open_pipeline_amount,
        sum(case when stage_order between 1 and 4 then weighted_amount else 0 end) as weighted_pipeline_amount,
        sum(case when is_won then 1 else 0 end) as won_deal_count,
        sum(case when is_won then amount else 0 end) as won_amount,
        sum(case when is_lost then 1 else 0 end) as lost_deal_count,
        sum(case when is_lost then amount else 0 end) as lost_amount,
        max(case when is_won then closed_date end) as last_won_date

    from {{ ref('fact_deals') }}

    group by account_id

),

tickets as (

    select
        tickets.account_id,
        count(*) as ticket_count,
        sum(case when tickets.is_open then 1 else 0 end) as open_ticket_count,
        cast(avg(cast(tickets.first_response_hours as double precision)) as decimal(18,6)) as average_first_response_hours,
        cast(avg(cast(tickets.resolution_hours as double precision)) as decimal(18,6)) as average_resolution_hours,
        sum(case when tickets.is_sla_met is not null then 1 else 0 end) as sla_evaluated_count,
        sum(case when tickets.is_sla_met then 1 else 0 end) as sla_met_count,
        max(tickets.created_date) as last_ticket_date

    from {{ ref('fact_tickets') }} as tickets

    cross join run_day

    where tickets.created_date <= run_day.date_day

    group by tickets.account_id

),

orders as (

    select
        orders.account_id,
        count(*) as order_count,
        sum(case when orders.is_cancelled_or_returned then 0 else 1 end) as revenue_order_count,
        sum(case when orders.is_cancelled_or_returned then 0 else orders.net_amount end) as revenue_amount,
        sum(case when orders.is_cancelled_or_returned then null else orders.profit_amount end) as profit_amount,
        sum(case when orders.is_fulfilled then 1 else 0 end) as fulfilled_order_count,
        min(orders.order_date) as first_order_date,
        max(orders.order_date) as last_order_date

    from {{ ref('fact_orders') }} as orders

    cross join run_day

    where orders.order_date <= run_day.date_day

    group by orders.account_id

),

final as (

    select

        ---------- ids
        accounts.account_id,
        accounts.owner_id,

        ---------- strings: profile
        accounts.account_name,
        accounts.industry,
        accounts.account_type,
        accounts.account_category,
        accounts.revenue_segment,
        accounts.country,
        accounts.city,
        accounts.owner_name,
        accounts.owner_team,
        accounts.owner_region,
        health.risk_band,

        ---------- numerics: profile
        accounts.annual_revenue,
        accounts.employee_count,
        cast(coalesce(contacts.contact_count, 0) as integer) as contact_count,
        cast(coalesce(contacts.decision_maker_count, 0) as integer) as decision_maker_count,

        ---------- numerics: deals
        cast(coalesce(deals.deal_count, 0) as integer) as deal_count,
        cast(coalesce(deals.open_deal_count, 0) as integer) as open_deal_count,
        cast(coalesce(deals.open_pipeline_amount, 0) as decimal(18,2)) as open_pipeline_amount,
        cast(coalesce(deals.weighted_pipeline_amount, 0) as decimal(18,2)) as weighted_pipeline_amount,
        cast(coalesce(deals.won_deal_count, 0) as integer) as won_deal_count,
        cast(coalesce(deals.won_amount, 0) as decimal(18,2)) as won_amount,
        cast(coalesce(deals.lost_deal_count, 0) as integer) as lost_deal_count,
        cast(
            cast(
                {{ safe_divide('deals.won_deal_count', 'deals.won_deal_count + deals.lost_deal_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_count,
        cast(
            cast({{ safe_divide('deals.won_amount', 'deals.won_amount + deals.lost_amount') }} as decimal(18,6))
            as decimal(9,4)
        ) as win_rate_by_amount,
        cast(
            cast(
                {{ safe_divide('deals.won_amount', 'deals.won_deal_count') }}
                as decimal(18,6)
            )
            as decimal(18,2)
        ) as average_won_deal_amount,

        ---------- numerics: engagement
        engagement.activity_count,
        engagement.completed_activity_count,
        engagement.activity_completion_rate,
        engagement.activity_count_last_30_days,
        engagement.activity_count_last_90_days,
        engagement.call_count,
        engagement.email_count,
        engagement.meeting_count,
        engagement.contacts_touched_count,
        engagement.days_since_last_touch,

        ---------- numerics: support
        cast(coalesce(tickets.ticket_count, 0) as integer) as ticket_count,
        cast(coalesce(tickets.open_ticket_count, 0) as integer) as open_ticket_count,
        health.open_urgent_ticket_count,
        health.sla_breach_count_last_90_days,
        cast(tickets.average_first_response_hours as decimal(18,2)) as average_first_response_hours,
        cast(tickets.average_resolution_hours as decimal(18,2)) as average_resolution_hours,
        cast(
            cast(
                {{ safe_divide('tickets.sla_met_count', 'tickets.sla_evaluated_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as sla_compliance_rate,

        ---------- numerics: orders and lifetime value
        cast(coalesce(orders.order_count, 0) as integer) as order_count,
        cast(coalesce(orders.revenue_order_count, 0) as integer) as revenue_order_count,
        cast(coalesce(orders.revenue_amount, 0) as decimal(18,2)) as customer_lifetime_value_amount,
        cast(orders.profit_amount as decimal(18,2)) as lifetime_profit_amount,
        cast(
            cast(
                {{ safe_divide('orders.revenue_amount', 'orders.revenue_order_count') }}
                as decimal(18,6)
            )
            as decimal(18,2)
        ) as average_order_value,
        cast(
            cast(
                {{ safe_divide('orders.fulfilled_order_count', 'orders.order_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as fulfillment_rate,
        health.revenue_last_90_days,
        health.revenue_previous_90_days,
        cast({{ datediff('orders.last_order_date', 'run_day.date_day', 'day') }} as integer) as days_since_last_order,

        ---------- numerics: health
        health.risk_score,
        health.health_score,

        ---------- booleans
        case
            when coalesce(orders.revenue_order_count, 0) > 0 then true
            else false
        end as is_paying_customer,

        ---------- dates
        orders.first_order_date,
        orders.last_order_date,
        deals.last_won_date,
        engagement.last_touch_date,
        tickets.last_ticket_date,
        cast(accounts.created_at as date) as customer_since_date

    from accounts

    cross join run_day

    left join contacts
        on accounts.account_id = contacts.account_id

    left join deals
        on accounts.account_id = deals.account_id

    left join tickets
        on accounts.account_id = tickets.account_id

    left join orders
        on accounts.account_id = orders.account_id

    left join {{ ref('mart_account_engagement') }} as engagement
        on accounts.account_id = engagement.account_id

    left join {{ ref('mart_account_health') }} as health
        on accounts.account_id = health.account_id

)

select * from final
