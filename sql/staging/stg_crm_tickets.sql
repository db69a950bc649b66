-- Tickets: the latest extracted version of each ticket, with response and resolution times in hours.

with

repeated_ids as (

    -- Ids extracted more than once: only their rows need ranking. A window over every row would
    -- sort the whole raw table, all columns included, at each read of this view.
    select ticket_id

    from {{ source('crm', 'tickets') }}

    where ticket_id is not null

    group by ticket_id

    having count(*) > 1

),

versions as (

    select
        *,
        1 as version_rank

    from {{ source('crm', 'tickets') }}

    where ticket_id is not null
        and ticket_id not in (select ticket_id from repeated_ids)

    union all

    select
        *,
        row_number() over (
            partition by ticket_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank

    from {{ source('crm', 'tickets') }}

    where ticket_id in (select ticket_id from repeated_ids)

),

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

    where version_rank = 1

)

select * from renamed
