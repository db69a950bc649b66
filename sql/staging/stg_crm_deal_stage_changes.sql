-- Deal stage changes: one row per stage a deal entered. The extract is append-only, but a change may be
-- re-extracted: the latest copy of each change_id wins.
--
-- Incremental, unique_key change_id: an increment re-derives the changes landed since the last build, from
-- every raw copy of each (latest_landed_versions).

with

{% if is_incremental() %}
landed_ids as (

    {{ landed_keys('deal_stage_changes', 'change_id') }}

),

{% endif %}
{{ latest_landed_versions('deal_stage_changes', 'change_id', 'landed_ids', name='versions', order_by='_ingest_date desc, _source_file desc') }},

source as (

    select
        *,
        lower(trim(from_stage)) as cleaned_from_stage,
        lower(trim(to_stage)) as cleaned_to_stage

    from versions

),

renamed as (

    select

        ----------  ids
        change_id,
        deal_id,
        changed_by,

        ---------- strings
        nullif(cleaned_from_stage, '') as from_stage,
        nullif(cleaned_to_stage, '') as to_stage,

        ---------- numerics
        case cleaned_from_stage
            when 'prospecting' then 1
            when 'qualification' then 2
            when 'proposal' then 3
            when 'negotiation' then 4
            when 'closed_won' then 5
            when 'closed_lost' then 6
        end as from_stage_order,
        case cleaned_to_stage
            when 'prospecting' then 1
            when 'qualification' then 2
            when 'proposal' then 3
            when 'negotiation' then 4
            when 'closed_won' then 5
            when 'closed_lost' then 6
        end as to_stage_order,

        ---------- booleans
        case
            when nullif(cleaned_from_stage, '') is null then true
            else false
        end as is_initial,

        ---------- timestamps
        cast(changed_at as timestamp) as changed_at

    from source


)

select * from renamed
