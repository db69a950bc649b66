-- CRM users (SCD type 1: current state only): sales reps and support agents with their team, region,
-- manager and number of direct reports.

with

users as (

    select * from {{ ref('stg_crm_users') }}

),

direct_reports as (

    select
        manager_id,
        count(*) as direct_report_count

    from users

    where manager_id is not null

    group by manager_id

),

final as (

    select

        ----------  ids
        users.user_id,
        users.manager_id,

        ---------- strings
        users.full_name,
        users.email,
        users.title,
        users.team,
        users.region,
        managers.full_name as manager_name,

        ---------- numerics
        cast(coalesce(direct_reports.direct_report_count, 0) as integer) as direct_report_count,

        ---------- booleans
        users.is_active,
        case
            when direct_reports.direct_report_count > 0 then true
            else false
        end as is_manager,

        ---------- timestamps
        users.created_at,
        users.updated_at

    from users

    left join users as managers
        on users.manager_id = managers.user_id

    left join direct_reports
        on users.user_id = direct_reports.manager_id

)

select * from final
