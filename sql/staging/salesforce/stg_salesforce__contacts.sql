-- Salesforce Contact as the crm contract's contacts: one row per extracted version.

select
    id as contact_id,
    accountid as account_id,
    firstname as first_name,
    lastname as last_name,
    email,
    phone,
    title as job_title,
    isdeleted as is_deleted,
    createddate as created_at,
    systemmodstamp as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('salesforce', 'salesforce_contact') }}
