-- Salesforce Opportunity as the crm contract's deals. Won and lost come from IsClosed/IsWon, never from
-- the stage's name; Probability is the org's own stage probability. Salesforce keeps no close time:
-- a closed opportunity's CloseDate is its close date, so closed_at is that date at midnight. Which
-- product a deal is for lives on its line items, which the contract's one product_id cannot carry.

select
    id as deal_id,
    name as deal_name,
    accountid as account_id,
    contactid as contact_id,
    ownerid as owner_id,
    cast(null as varchar(18)) as product_id,
    case
        when isclosed and iswon then 'closed_won'
        when isclosed then 'closed_lost'
        else {{ salesforce_stage('stagename') }}
    end as stage,
    amount,
    probability,
    closedate as expected_close_date,
    case when isclosed then cast(closedate as timestamp) end as closed_at,
    isdeleted as is_deleted,
    createddate as created_at,
    systemmodstamp as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('salesforce', 'salesforce_opportunity') }}
