-- Salesforce Opportunity as the crm contract's deals. Won and lost come from IsClosed/IsWon, never from
-- the stage's name; Probability is the org's own stage probability. Salesforce keeps no close time:
-- a closed opportunity's CloseDate is its close date, so closed_at is that date at midnight. The deal's
-- product is that of its first live line item (OpportunityLineItem, each at its latest version): the
-- contract holds one product per deal.

with

{{ latest_versions('salesforce_opportunity_line_item', 'id', name='line_item_versions', order_by='systemmodstamp desc nulls last, _ingest_date desc, _source_file desc', source_name='salesforce') }},

products as (

    select
        opportunityid,
        product2id,
        row_number() over (
            partition by opportunityid
            order by createddate, id
        ) as line_rank

    from line_item_versions

    where coalesce(isdeleted, false) = false

)

select
    opportunity.id as deal_id,
    opportunity.name as deal_name,
    opportunity.accountid as account_id,
    opportunity.contactid as contact_id,
    opportunity.ownerid as owner_id,
    products.product2id as product_id,
    case
        when opportunity.isclosed and opportunity.iswon then 'closed_won'
        when opportunity.isclosed then 'closed_lost'
        else {{ salesforce_stage('opportunity.stagename') }}
    end as stage,
    opportunity.amount,
    opportunity.probability,
    opportunity.closedate as expected_close_date,
    case when opportunity.isclosed then cast(opportunity.closedate as timestamp) end as closed_at,
    opportunity.isdeleted as is_deleted,
    opportunity.createddate as created_at,
    opportunity.systemmodstamp as updated_at,
    opportunity._ingest_date,
    opportunity._source_file,
    opportunity._loaded_at

from {{ source('salesforce', 'salesforce_opportunity') }} opportunity

left join products
    on opportunity.id = products.opportunityid
    and products.line_rank = 1
