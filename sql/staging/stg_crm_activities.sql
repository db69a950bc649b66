-- Activities: the latest extracted version of each activity. activity_at is when the activity happened:
-- its completion time if completed, else its due time, else its creation time.

with

repeated_ids as (

    -- Ids extracted more than once: only their rows need ranking. A window over every row would
    -- sort the whole raw table, all columns included, at each read of this view.
    select activity_id

    from {{ source('crm', 'activities') }}

    where activity_id is not null

    group by activity_id

    having count(*) > 1

),

versions as (

    select
        *,
        1 as version_rank

    from {{ source('crm', 'activities') }}

    where activity_id is not null
        and activity_id not in (select activity_id from repeated_ids)

    union all

    select
        *,
        row_number() over (
            partition by activity_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank

    from {{ source('crm', 'activities') }}

    where activity_id in (select activity_id from repeated_ids)

),

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

    where version_rank = 1

)

select * from renamed
