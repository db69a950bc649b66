-- Salesforce Case as the crm contract's tickets. A closed case (IsClosed, whatever the org calls its
-- closed statuses) is resolved at ClosedDate and closed, or solved when its status says so; of the
-- default open statuses New and Working are open and Escalated is pending. Origin is the channel. Salesforce has no first-response time on a
-- case (it lives in entitlement milestones), so first_response_at is empty. Deleted cases leave every
-- version out.

with

{{ salesforce_deleted_ids('deleted_cases', 'salesforce_case') }}

select
    id as ticket_id,
    accountid as account_id,
    contactid as contact_id,
    subject,
    priority,
    case
        when isclosed and lower(trim(status)) = 'solved' then 'solved'
        when isclosed then 'closed'
        when lower(trim(status)) in ('new', 'working') then 'open'
        when lower(trim(status)) = 'escalated' then 'pending'
        else lower(trim(status))
    end as status,
    origin as channel,
    createddate as created_at,
    cast(null as timestamp) as first_response_at,
    case when isclosed then closeddate end as resolved_at,
    systemmodstamp as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('salesforce', 'salesforce_case') }}

where id not in (select id from deleted_cases)
