-- Contacts: the latest extracted version of each contact, deletions removed, email normalized.

with

{{ latest_versions('contacts', 'contact_id') }},

renamed as (

    select
{{ cleaned_contact_columns() }}

    from source

    where coalesce(is_deleted, false) = false

)

select * from renamed
