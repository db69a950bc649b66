-- Users: the latest extracted version of each CRM user (sales reps, support agents, managers).

with

{{ latest_versions('users', 'user_id') }},

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


)

select * from renamed
