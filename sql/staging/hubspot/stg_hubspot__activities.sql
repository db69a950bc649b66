-- HubSpot engagements as the crm contract's activities, by type: CALL, EMAIL, MEETING, TASK and NOTE.
-- A task is due at its hs_timestamp and done when COMPLETED (at its completion date); a call or an email
-- is logged once it happened, a note is written when logged; a meeting happens from start_time to
-- end_time and counts as completed once it has ended by the run date. Archived engagements leave every
-- version out (the contract has no deletion flag for activities).

with

{{ hubspot_archived_ids('archived_engagements', 'hubspot_engagements', 'id', 'last_updated') }}

select
    id as activity_id,
    lower(type) as activity_type,
    subject,
    company_id as account_id,
    contact_id,
    deal_id,
    owner_id,
    lower(status) as status,
    case
        when upper(type) = 'MEETING' then start_time
        else hs_timestamp
    end as due_at,
    case
        when upper(type) = 'TASK' and upper(status) = 'COMPLETED' then coalesce(completion_date, hs_timestamp)
        when upper(type) = 'TASK' then cast(null as timestamp)
        when upper(type) = 'MEETING' and end_time <= cast('{{ var("run_date") }}' as timestamp) then end_time
        when upper(type) = 'MEETING' then cast(null as timestamp)
        else hs_timestamp
    end as completed_at,
    case
        when upper(type) = 'MEETING' then {{ datediff('start_time', 'end_time', 'minute') }}
        else cast(round(duration_milliseconds / 60000.0) as integer)
    end as duration_minutes,
    created_at,
    last_updated as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('hubspot', 'hubspot_engagements') }}

where id not in (select id from archived_engagements)
