-- HubSpot owners as the crm contract's users: the primary team is the team. HubSpot keeps no manager,
-- title or region for an owner, so those are empty; an archived owner is inactive (never dropped: old
-- records stay assigned to it).

select
    id as user_id,
    nullif(trim(coalesce(firstname, '') || ' ' || coalesce(lastname, '')), '') as full_name,
    email,
    cast(null as varchar(40)) as title,
    primary_team_name as team,
    cast(null as varchar(40)) as region,
    cast(null as varchar(40)) as manager_id,
    case when archived then false else true end as is_active,
    createdat as created_at,
    updatedat as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('hubspot', 'hubspot_owners') }}
