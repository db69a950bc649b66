-- HubSpot deals as the crm contract's deals. Won and lost come from hs_is_closed/hs_is_closed_won, never
-- from the stage's name; the probability is the pipeline stage's (0-1, as a percentage); a closed deal's
-- closedate is when it closed. Which product a deal is for lives on its line items, which the
-- contract's one product_id cannot carry.

select
    hs_object_id as deal_id,
    dealname as deal_name,
    associatedcompanyid as account_id,
    associatedcontactid as contact_id,
    hubspot_owner_id as owner_id,
    cast(null as varchar(40)) as product_id,
    case
        when hs_is_closed_won then 'closed_won'
        when hs_is_closed then 'closed_lost'
        else {{ hubspot_deal_stage('dealstage') }}
    end as stage,
    amount,
    cast(hs_deal_stage_probability * 100 as decimal(5,2)) as probability,
    cast(closedate as date) as expected_close_date,
    case when hs_is_closed then closedate end as closed_at,
    archived as is_deleted,
    createdate as created_at,
    hs_lastmodifieddate as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('hubspot', 'hubspot_deals') }}
