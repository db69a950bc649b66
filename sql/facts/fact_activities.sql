-- Activities: one row per activity (call, email, meeting, note, task), dated by when it happened.
-- is_overdue: not completed and due before the run date.
--
-- Incremental, unique_key activity_id: an increment rebuilds the activities landed since the last build and
-- the rows not yet completed, whose is_overdue moves with the run date (as does, in a Salesforce or HubSpot
-- project, the completion of a meeting whose end passes the run date). A completed row depends on its
-- extract alone. An activity leaves staging only when deleted in Salesforce or HubSpot, whose mappings drop
-- every version of it: the post_hook in schema.yml deletes its row.

with

activities as (

    select * from {{ ref('stg_crm_activities') }}
{% if is_incremental() %}
    where activity_id in ({{ landed_keys('activities', 'activity_id') }})
        or activity_id in (select activity_id from {{ this }} where not is_completed)
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
