-- Salesforce OpportunityHistory as the crm contract's deal_stage_changes. Salesforce writes a history row
-- whenever the stage, amount, probability or close date changes; only the rows whose stage differs from
-- the opportunity's previous row are stage changes, and that previous stage is from_stage (none for the
-- first). A backward move is a change like any other. History rows are append-only, but a re-extract
-- lands them again: each copy is kept, the staging dedup keeps the latest.

with

history as (

    select distinct
        id,
        opportunityid,
        stagename,
        createddate

    from {{ source('salesforce', 'salesforce_opportunity_history') }}

    where id is not null
        and coalesce(isdeleted, false) = false

),

sequenced as (

    select
        id,
        stagename,
        lag(stagename) over (
            partition by opportunityid
            order by createddate, id
        ) as previous_stagename

    from history

),

stage_changes as (

    select
        id,
        previous_stagename

    from sequenced

    where previous_stagename is null
        or {{ salesforce_stage('previous_stagename') }} <> {{ salesforce_stage('stagename') }}

)

select
    landed.id as change_id,
    landed.opportunityid as deal_id,
    case
        when stage_changes.previous_stagename is null then cast(null as varchar(40))
        else {{ salesforce_stage('stage_changes.previous_stagename') }}
    end as from_stage,
    {{ salesforce_stage('landed.stagename') }} as to_stage,
    landed.createddate as changed_at,
    landed.createdbyid as changed_by,
    landed._ingest_date,
    landed._source_file,
    landed._loaded_at

from {{ source('salesforce', 'salesforce_opportunity_history') }} landed

inner join stage_changes
    on landed.id = stage_changes.id
