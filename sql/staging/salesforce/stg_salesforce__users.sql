-- Salesforce User as the crm contract's users: Department is the team, Division the region. Users are
-- deactivated (IsActive), never deleted.

select
    id as user_id,
    name as full_name,
    email,
    title,
    department as team,
    division as region,
    managerid as manager_id,
    isactive as is_active,
    createddate as created_at,
    systemmodstamp as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('salesforce', 'salesforce_user') }}
