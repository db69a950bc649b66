-- Salesforce Account as the crm contract's accounts: one row per extracted version. SystemModstamp is
-- the version (it moves on every change, system changes included); IsDeleted marks a deletion. Type's
-- default picklist values map onto the contract's account types (Customer - Direct and - Channel are
-- customers, Channel Partner / Reseller a reseller, the other partners partners).

select
    id as account_id,
    name as account_name,
    industry,
    case
        when lower(type) like 'customer%' then 'customer'
        when lower(type) like '%reseller%' then 'reseller'
        when lower(type) like '%partner%' then 'partner'
        else type
    end as account_type,
    annualrevenue as annual_revenue,
    numberofemployees as employee_count,
    billingcountry as country,
    billingcity as city,
    ownerid as owner_id,
    isdeleted as is_deleted,
    createddate as created_at,
    systemmodstamp as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('salesforce', 'salesforce_account') }}
