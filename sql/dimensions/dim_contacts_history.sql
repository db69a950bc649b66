-- Contacts (SCD type 2): one row per version of a contact, rebuilt from every extract in raw
-- (incrementally: the contacts landed since the last build, from all their extracts).
-- A version is a change in the tracked columns (everything stg_crm_contacts keeps but updated_at), cleaned
-- as staging cleans them; the macro landed_versions says how extracts are ordered, collapsed and closed.

with

landed as (

    select
{{ cleaned_contact_columns() }},

        ---------- booleans
        coalesce(is_deleted, false) as is_deletion,

        ---------- landing
        _ingest_date,
        _source_file

    from {{ source('crm', 'contacts') }}
{% if is_incremental() %}

    -- Every extract of the records landed since the last build: their versions are rebuilt whole.
    where contact_id in ({{ landed_keys('contacts', 'contact_id') }})
{% endif %}

),

{{ landed_versions('landed', 'contact_id', ['account_id', 'first_name', 'last_name', 'email', 'phone', 'job_title', 'created_at']) }},

final as (

    select

        ----------  ids
        contact_id || '@' || cast(version_number as varchar(12)) as contact_version_id,
        contact_id,
        account_id,

        ---------- strings
        first_name,
        last_name,
        full_name,
        email,
        phone,
        job_title,

        ---------- numerics
        cast(version_number as integer) as version_number,

        ---------- booleans
        is_current,
        ended_by_deletion,

        ---------- timestamps
        created_at,
        valid_from,
        valid_to

    from versions

)

select * from final
