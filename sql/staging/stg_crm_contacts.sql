-- Contacts: the latest extracted version of each contact, deletions removed, email normalized.

with

repeated_ids as (

    -- Ids extracted more than once: only their rows need ranking. A window over every row would
    -- sort the whole raw table, all columns included, at each read of this view.
    select contact_id

    from {{ source('crm', 'contacts') }}

    where contact_id is not null

    group by contact_id

    having count(*) > 1

),

source as (

    select
        *,
        1 as version_rank

    from {{ source('crm', 'contacts') }}

    where contact_id is not null
        and contact_id not in (select contact_id from repeated_ids)

    union all

    select
        *,
        row_number() over (
            partition by contact_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank

    from {{ source('crm', 'contacts') }}

    where contact_id in (select contact_id from repeated_ids)

),

renamed as (

    select

        ----------  ids
        contact_id,
        account_id,

        ---------- strings
        nullif(trim(first_name), '') as first_name,
        nullif(trim(last_name), '') as last_name,
        nullif(
            trim(coalesce(trim(first_name), '') || ' ' || coalesce(trim(last_name), '')),
            ''
        ) as full_name,
        lower(nullif(trim(email), '')) as email,
        nullif(trim(phone), '') as phone,
        nullif(trim(job_title), '') as job_title,

        ---------- timestamps
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at

    from source

    where version_rank = 1
        and coalesce(is_deleted, false) = false

)

select * from renamed
