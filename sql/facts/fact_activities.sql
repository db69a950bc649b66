-- Activities: one row per activity (call, email, meeting, note, task), dated by when it happened.
-- is_overdue: not completed and due before the run date.
--
-- Incremental, unique_key activity_id: an increment rebuilds the activities landed since the last build and
-- the open rows due but not yet overdue, whose is_overdue turns true once the run date passes due_at. Every
-- other row depends on its extract alone: a completed one never is overdue, an overdue one stays so as the
-- run date grows, an undated one never becomes so. (In a Salesforce or HubSpot project a meeting also
-- completes once its end passes the run date, which no landing shows; there landed_keys() gives every key.)
-- An activity leaves staging only when deleted in Salesforce or HubSpot, whose mappings drop every version
-- of it: the post_hook in schema.yml deletes its row.

with

activities as (

    select * from {{ ref('stg_crm_activities') }}
{% if is_incremental() %}
    where activity_id in ({{ landed_keys('activities', 'activity_id') }})
        or activity_id in (
            select activity_id
            from {{ this }}
            where not is_completed
                and not is_overdue
                and due_at is not null
        )
{% endif %}

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
