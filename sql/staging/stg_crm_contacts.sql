-- Contacts: the latest extracted version of each contact, deletions removed, email normalized.
--
-- Incremental, unique_key contact_id: an increment re-derives the contacts landed since the last build, from
-- every raw version of each (latest_landed_versions). A contact whose latest version is now a deletion has
-- no increment row to replace its old one: the post_hook in schema.yml deletes it.

with

{% if is_incremental() %}
landed_ids as (

    {{ landed_keys('contacts', 'contact_id') }}

),

{% endif %}
{{ latest_landed_versions('contacts', 'contact_id', 'landed_ids') }},

renamed as (

    select
{{ cleaned_contact_columns() }}

    from source

    where coalesce(is_deleted, false) = false

)

select * from renamed
