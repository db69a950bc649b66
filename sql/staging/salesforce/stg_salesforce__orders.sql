-- Salesforce OrderItem (with its Order) as the crm contract's orders, whose row is one product line: the
-- order id is the OrderItem's. The account, contact (BillToContactId), status and date come from the
-- order's latest version; a version of the line is as new as the later of its own and its order's
-- SystemModstamp. Draft orders are pending and activated ones processing; Salesforce keeps no discount
-- on a line (UnitPrice is the price sold at) and no shipping or delivery times, so those are empty.
-- Deleted lines and lines of deleted orders leave every version out.

with

{{ salesforce_deleted_ids('deleted_items', 'salesforce_order_item') }},

{{ salesforce_deleted_ids('deleted_orders', 'salesforce_order') }},

{{ latest_versions('salesforce_order', 'id', name='orders', order_by='systemmodstamp desc nulls last, _ingest_date desc, _source_file desc', source_name='salesforce') }}

select
    item.id as order_id,
    orders.accountid as account_id,
    orders.billtocontactid as contact_id,
    item.product2id as product_id,
    item.quantity,
    item.unitprice as unit_price,
    cast(0 as decimal(5,2)) as discount_pct,
    case lower(trim(orders.status))
        when 'draft' then 'pending'
        when 'activated' then 'processing'
        else lower(trim(orders.status))
    end as status,
    cast(orders.effectivedate as timestamp) as ordered_at,
    cast(null as timestamp) as shipped_at,
    cast(null as timestamp) as delivered_at,
    case
        when orders.systemmodstamp > item.systemmodstamp then orders.systemmodstamp
        else item.systemmodstamp
    end as updated_at,
    item._ingest_date,
    item._source_file,
    item._loaded_at

from {{ source('salesforce', 'salesforce_order_item') }} item

inner join orders
    on item.orderid = orders.id

where item.id not in (select id from deleted_items)
    and item.orderid not in (select id from deleted_orders)
