-- Users: the latest extracted version of each CRM user (sales reps, support agents, managers).

with

repeated_ids as (

    -- Ids extracted more than once: only their rows need ranking. A window over every row would
    -- sort the whole raw table, all columns included, at each read of this view.
    select user_id

    from {{ source('crm', 'users') }}

    where user_id is not null

    group by user_id

    having count(*) > 1

),

source as (

    select
        *,
        1 as version_rank

    from {{ source('crm', 'users') }}

    where user_id is not null
        and user_id not in (select user_id from repeated_ids)

    union all

    select
        *,
        row_number() over (
            partition by user_id
            order by updated_at desc nulls last, _ingest_date desc, _source_file desc
        ) as version_rank

    from {{ source('crm', 'users') }}

    where user_id in (select user_id from repeated_ids)

),

renamed as (

    select

        ----------  ids
        user_id,
        manager_id,

        ---------- strings
        nullif(trim(full_name), '') as full_name,
        lower(nullif(trim(email), '')) as email,
        nullif(trim(title), '') as title,
        nullif(trim(team), '') as team,
        nullif(trim(region), '') as region,

        ---------- booleans
        cast(is_active as boolean) as is_active,

        ---------- timestamps
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at

    from source

    where version_rank = 1

)

select * from renamed
