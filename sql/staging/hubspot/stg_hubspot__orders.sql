-- HubSpot line items (with their deal) as the crm contract's orders, whose row is one product line: the
-- order id is the line item's. The account and contact are the deal's, from its latest version; a line
-- of a won deal was ordered when the deal closed and is processing, of a lost deal cancelled, of an open
-- deal pending (ordered when the line was created). A version of the line is as new as the later of its
-- own and its deal's modification. HubSpot keeps no shipping or delivery times. Archived lines and lines
-- of archived deals leave every version out.

with

{{ hubspot_archived_ids('archived_items', 'hubspot_line_items', 'hs_object_id', 'hs_lastmodifieddate') }},

{{ hubspot_archived_ids('archived_deals', 'hubspot_deals', 'hs_object_id', 'hs_lastmodifieddate') }},

{{ latest_versions('hubspot_deals', 'hs_object_id', name='deals', order_by='hs_lastmodifieddate desc nulls last, _ingest_date desc, _source_file desc', source_name='hubspot') }}

select
    item.hs_object_id as order_id,
    deals.associatedcompanyid as account_id,
    deals.associatedcontactid as contact_id,
    item.hs_product_id as product_id,
    item.quantity,
    item.price as unit_price,
    item.hs_discount_percentage as discount_pct,
    case
        when deals.hs_is_closed_won then 'processing'
        when deals.hs_is_closed then 'cancelled'
        else 'pending'
    end as status,
    case
        when deals.hs_is_closed_won then deals.closedate
        else item.createdate
    end as ordered_at,
    cast(null as timestamp) as shipped_at,
    cast(null as timestamp) as delivered_at,
    case
        when deals.hs_lastmodifieddate > item.hs_lastmodifieddate then deals.hs_lastmodifieddate
        else item.hs_lastmodifieddate
    end as updated_at,
    item._ingest_date,
    item._source_file,
    item._loaded_at

from {{ source('hubspot', 'hubspot_line_items') }} item

inner join deals
    on item.associateddealid = deals.hs_object_id

where item.hs_object_id not in (select id from archived_items)
    and item.associateddealid not in (select id from archived_deals)
