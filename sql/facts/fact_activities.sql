-- Activities: one row per activity (call, email, meeting, note, task), dated by when it happened.
-- is_overdue: not completed and due before the run date.

with

activities as (

    select * from {{ ref('stg_crm_activities') }}

),

final as (

    select

        ----------  ids
        activity_id,
        account_id,
        contact_id,
        deal_id,
        owner_id,

        ---------- strings
        activity_type,
        status,

        ---------- numerics
        duration_minutes,

        ---------- booleans
        is_completed,
        case
            when is_completed then false
            when due_at < cast('{{ var("run_date") }}' as timestamp) then true
            else false
        end as is_overdue,

        ---------- dates and date keys
        cast(activity_at as date) as activity_date,
        cast(
            extract(year from activity_at) * 10000
            + extract(month from activity_at) * 100
            + extract(day from activity_at)
            as integer
        ) as activity_date_key,

        ---------- timestamps
        activity_at,
        due_at,
        completed_at,
        created_at

    from activities

)

select * from final
