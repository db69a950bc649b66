-- HubSpot's dealstage property history as the crm contract's deal_stage_changes: each value the property
-- took is a stage the deal entered, the one before it the stage it left (none for the first). A value
-- set again without a change of stage (a re-save, a pipeline move to the same stage) is not a change.
-- The history has no ids: a change is `<deal id>-<the Unix second it was entered>` (a deal cannot enter
-- two stages in one second). Re-extracted copies are kept; the staging dedup keeps the latest.

with

history as (

    select distinct
        deal_id,
        value,
        date_entered as changed_at

    from {{ source('hubspot', 'hubspot_deal_stage_history') }}

    where deal_id is not null

),

sequenced as (

    select
        deal_id,
        value,
        changed_at,
        lag(value) over (
            partition by deal_id
            order by changed_at, value
        ) as previous_value

    from history

),

stage_changes as (

    select *
    from sequenced
    where previous_value is null
        or {{ hubspot_deal_stage('previous_value') }} <> {{ hubspot_deal_stage('value') }}

)

select
    landed.deal_id || '-' || cast({{ datediff("cast('1970-01-01' as timestamp)", 'landed.date_entered', 'second') }} as varchar(20)) as change_id,
    landed.deal_id,
    case
        when stage_changes.previous_value is null then cast(null as varchar(40))
        else {{ hubspot_deal_stage('stage_changes.previous_value') }}
    end as from_stage,
    {{ hubspot_deal_stage('landed.value') }} as to_stage,
    landed.date_entered as changed_at,
    landed.updated_by_user_id as changed_by,
    landed._ingest_date,
    landed._source_file,
    landed._loaded_at

from {{ source('hubspot', 'hubspot_deal_stage_history') }} landed

inner join stage_changes
    on landed.deal_id = stage_changes.deal_id
    and landed.value = stage_changes.value
    and landed.date_entered = stage_changes.changed_at
