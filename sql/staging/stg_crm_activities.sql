-- Activities: the latest extracted version of each activity. activity_at is when the activity happened:
-- its completion time if completed, else its due time, else its creation time.
--
-- Incremental, unique_key activity_id: an increment re-derives the activities landed since the last build,
-- from every raw version of each (latest_landed_versions). Nothing here reads the run date.

with

{% if is_incremental() %}
landed_ids as (

    {{ landed_keys('activities', 'activity_id') }}

),

{% endif %}
{{ latest_landed_versions('activities', 'activity_id', 'landed_ids', name='versions') }},

source as (

    select
        *,
        lower(trim(status)) as cleaned_status

    from versions

),

renamed as (

    select

        ----------  ids
        activity_id,
        account_id,
        contact_id,
        deal_id,
        owner_id,

        ---------- strings
        lower(nullif(trim(activity_type), '')) as activity_type,
        nullif(trim(subject), '') as subject,
        nullif(cleaned_status, '') as status,

        ---------- numerics
        cast(duration_minutes as integer) as duration_minutes,

        ---------- booleans
        case
            when completed_at is not null then true
            when cleaned_status in ('completed', 'done') then true
            else false
        end as is_completed,

        ---------- timestamps
        cast(coalesce(completed_at, due_at, created_at) as timestamp) as activity_at,
        cast(due_at as timestamp) as due_at,
        cast(completed_at as timestamp) as completed_at,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at

    from source


)

select * from renamed
