-- HubSpot tickets as the crm contract's tickets. The status is the pipeline stage's: in the default
-- support pipeline 1 (New) and 3 (Waiting on us) are open, 2 (Waiting on contact) pending, 4 (Closed)
-- closed; a portal with its own ticket pipelines adds its stage ids here. Priority and source
-- (the channel) are HubSpot's upper-case values. first_agent_reply_date is the first response, a
-- closed ticket's closed_date its resolution. Archived tickets leave every version out.

with

{{ hubspot_archived_ids('archived_tickets', 'hubspot_tickets', 'hs_object_id', 'hs_lastmodifieddate') }}

select
    hs_object_id as ticket_id,
    associatedcompanyid as account_id,
    associatedcontactid as contact_id,
    subject,
    lower(hs_ticket_priority) as priority,
    case trim(hs_pipeline_stage)
        when '1' then 'open'
        when '2' then 'pending'
        when '3' then 'open'
        when '4' then 'closed'
        else lower(trim(hs_pipeline_stage))
    end as status,
    lower(source_type) as channel,
    createdate as created_at,
    first_agent_reply_date as first_response_at,
    case when trim(hs_pipeline_stage) = '4' then closed_date end as resolved_at,
    hs_lastmodifieddate as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('hubspot', 'hubspot_tickets') }}

where hs_object_id not in (select id from archived_tickets)
