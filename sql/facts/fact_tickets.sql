-- Tickets: one row per ticket, with response and resolution hours and the resolution SLA.
-- sla_target_hours by priority comes from vars (sla_hours_urgent / high / medium / low); an invalid priority
-- has no target. is_sla_met: resolved tickets, resolution_hours <= target; open tickets already older than
-- the target at the run date, false; otherwise (no target, or open and still within it) null.
--
-- Incremental, unique_key ticket_id: an increment rebuilds the tickets landed since the last build and the
-- unresolved rows with a target and no verdict yet, the only ones whose is_sla_met can still change with the
-- run date (an open ticket past its target stays false as the run date grows; a resolved one is decided by
-- its resolution time). A ticket leaves staging only when deleted in Salesforce or HubSpot: the post_hook
-- in schema.yml deletes its row.

with

tickets as (

    select
        *,
        cast('{{ var("run_date") }}' as timestamp) as run_date_at

    from {{ ref('stg_crm_tickets') }}
{% if is_incremental() %}
    where ticket_id in ({{ landed_keys('tickets', 'ticket_id') }})
        or ticket_id in (
            select ticket_id
            from {{ this }}
            where not is_resolved
                and is_sla_met is null
                and sla_target_hours is not null
        )
{% endif %}

),

targeted as (

    select
        *,
        case priority
            when 'urgent' then {{ var('sla_hours_urgent') }}
            when 'high' then {{ var('sla_hours_high') }}
            when 'medium' then {{ var('sla_hours_medium') }}
            when 'low' then {{ var('sla_hours_low') }}
        end as sla_target_hours,
        cast(
            round({{ datediff('created_at', 'run_date_at', 'second') }} / 36.0) / 100
            as decimal(18,2)
        ) as age_hours

    from tickets

),

final as (

    select

        ----------  ids
        ticket_id,
        account_id,
        contact_id,

        ---------- strings
        priority,
        status,
        channel,

        ---------- numerics
        first_response_hours,
        resolution_hours,
        cast(sla_target_hours as integer) as sla_target_hours,

        ---------- booleans
        case
            when status in ('open', 'pending') then true
            when status is null and not is_resolved then true
            else false
        end as is_open,
        is_resolved,
        case
            when sla_target_hours is null then null
            when resolution_hours is not null and resolution_hours <= sla_target_hours then true
            when resolution_hours is not null then false
            when not is_resolved and age_hours > sla_target_hours then false
        end as is_sla_met,

        ---------- dates and date keys
        cast(created_at as date) as created_date,
        cast(
            extract(year from created_at) * 10000
            + extract(month from created_at) * 100
            + extract(day from created_at)
            as integer
        ) as created_date_key,
        cast(resolved_at as date) as resolved_date,

        ---------- timestamps
        created_at,
        first_response_at,
        resolved_at

    from targeted

)

select * from final
