-- HubSpot products as the crm contract's products: price and hs_cost_of_goods_sold per unit. HubSpot
-- keeps no category or stock, so those are empty; every product in the library is active. Archived
-- products leave every version out.

with

{{ hubspot_archived_ids('archived_products', 'hubspot_products', 'hs_object_id', 'hs_lastmodifieddate') }}

select
    hs_object_id as product_id,
    name as product_name,
    cast(null as varchar(40)) as category,
    price as unit_price,
    hs_cost_of_goods_sold as unit_cost,
    cast(null as integer) as quantity_in_stock,
    cast(null as integer) as reorder_level,
    true as is_active,
    createdate as created_at,
    hs_lastmodifieddate as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('hubspot', 'hubspot_products') }}

where hs_object_id not in (select id from archived_products)
