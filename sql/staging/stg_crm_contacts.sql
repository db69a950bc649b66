-- Contacts: the latest extracted version of each contact, deletions removed, email normalized.

with

{{ latest_versions('contacts', 'contact_id') }},

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

    where coalesce(is_deleted, false) = false

)

select * from renamed
