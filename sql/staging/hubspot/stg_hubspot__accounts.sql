-- HubSpot companies as the crm contract's accounts: one row per extracted version, hs_lastmodifieddate
-- the version, archived a deletion. A company whose lifecycle stage is customer is a customer, else its
-- type (prospect, partner, reseller, ...) is the account type.

select
    hs_object_id as account_id,
    name as account_name,
    industry,
    case
        when lower(lifecyclestage) = 'customer' then 'customer'
        else lower(type)
    end as account_type,
    annualrevenue as annual_revenue,
    numberofemployees as employee_count,
    country,
    city,
    hubspot_owner_id as owner_id,
    archived as is_deleted,
    createdate as created_at,
    hs_lastmodifieddate as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('hubspot', 'hubspot_companies') }}
