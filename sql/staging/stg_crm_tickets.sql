-- Tickets: the latest extracted version of each ticket, with response and resolution times in hours.
--
-- Incremental, unique_key ticket_id: an increment re-derives the tickets landed since the last build, from
-- every raw version of each (latest_landed_versions). Nothing here reads the run date.

with

{% if is_incremental() %}
landed_ids as (

    {{ landed_keys('tickets', 'ticket_id') }}

),

{% endif %}
{{ latest_landed_versions('tickets', 'ticket_id', 'landed_ids', name='versions') }},

source as (

    select
        *,
        lower(trim(status)) as cleaned_status

    from versions

),

renamed as (

    select

        ----------  ids
        ticket_id,
        account_id,
        contact_id,

        ---------- strings
        nullif(trim(subject), '') as subject,
        lower(nullif(trim(priority), '')) as priority,
        nullif(cleaned_status, '') as status,
        lower(nullif(trim(channel), '')) as channel,

        ---------- numerics
        -- Rounded to hundredths before the cast: DuckDB's seconds / 3600.0 is a double, which would
        -- round some half hundredths differently from Postgres and Redshift.
        cast(
            round({{ datediff('created_at', 'first_response_at', 'second') }} / 36.0) / 100
            as decimal(18,2)
        ) as first_response_hours,
        cast(
            round({{ datediff('created_at', 'resolved_at', 'second') }} / 36.0) / 100
            as decimal(18,2)
        ) as resolution_hours,

        ---------- booleans
        case
            when resolved_at is not null then true
            when cleaned_status in ('solved', 'closed') then true
            else false
        end as is_resolved,

        ---------- timestamps
        cast(created_at as timestamp) as created_at,
        cast(first_response_at as timestamp) as first_response_at,
        cast(resolved_at as timestamp) as resolved_at,
        cast(updated_at as timestamp) as updated_at

    from source


)

select * from renamed
