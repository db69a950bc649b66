-- Salesforce Product2 as the crm contract's products: Family is the category, the price is the
-- UnitPrice of the product's most recently changed active price book entry (each entry at its latest
-- version). Salesforce keeps no unit cost or stock, so those are empty. Deleted products leave every
-- version out.

with

{{ salesforce_deleted_ids('deleted_products', 'salesforce_product_2') }},

{{ latest_versions('salesforce_pricebook_entry', 'id', name='entry_versions', order_by='systemmodstamp desc nulls last, _ingest_date desc, _source_file desc', source_name='salesforce') }},

prices as (

    select
        product2id,
        unitprice,
        row_number() over (
            partition by product2id
            order by systemmodstamp desc nulls last, _ingest_date desc, _source_file desc
        ) as price_rank

    from entry_versions

    where isactive = true
        and coalesce(isdeleted, false) = false

)

select
    product.id as product_id,
    product.name as product_name,
    product.family as category,
    prices.unitprice as unit_price,
    cast(null as decimal(18,2)) as unit_cost,
    cast(null as integer) as quantity_in_stock,
    cast(null as integer) as reorder_level,
    product.isactive as is_active,
    product.createddate as created_at,
    product.systemmodstamp as updated_at,
    product._ingest_date,
    product._source_file,
    product._loaded_at

from {{ source('salesforce', 'salesforce_product_2') }} product

left join prices
    on product.id = prices.product2id
    and prices.price_rank = 1

where product.id not in (select id from deleted_products)
