-- HubSpot contacts as the crm contract's contacts: the primary company is the account. Contacts carry
-- lastmodifieddate (not hs_lastmodifieddate) as their version.

select
    hs_object_id as contact_id,
    associatedcompanyid as account_id,
    firstname as first_name,
    lastname as last_name,
    email,
    phone,
    jobtitle as job_title,
    archived as is_deleted,
    createdate as created_at,
    lastmodifieddate as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('hubspot', 'hubspot_contacts') }}
