{#
  HubSpot semantics shared by the sql/staging/hubspot/ models.

  hubspot_deal_stage: the contract stage of an open deal's dealstage, a stage id of its pipeline.
  The default sales pipeline's ids are mapped here; a portal with its own pipelines adds its stage
  ids (an id already equal to a contract stage maps to itself). Closed deals never go through this
  map: hs_is_closed/hs_is_closed_won say won or lost whatever the stage is called. In a stage
  history, which has no such flags, the default pipeline's closedwon and closedlost are the closed
  stages.
#}
{% macro hubspot_deal_stage(stage_id) %}case lower(trim({{ stage_id }}))
            when 'appointmentscheduled' then 'prospecting'
            when 'qualifiedtobuy' then 'qualification'
            when 'presentationscheduled' then 'proposal'
            when 'decisionmakerboughtin' then 'proposal'
            when 'contractsent' then 'negotiation'
            when 'closedwon' then 'closed_won'
            when 'closedlost' then 'closed_lost'
            else lower(trim({{ stage_id }}))
        end{% endmacro %}

{#
  hubspot_archived_ids: a CTE `<name>` of the ids (column `key`) of `table` whose latest version
  (newest `modified`, then the later ingest date and file, as the staging dedup orders) is archived.
  For contract tables that have no is_deleted column: their every version is left out, so an older
  live copy cannot come back.
#}
{% macro hubspot_archived_ids(name, table, key, modified) %}{{ name }} as (

    select {{ key }} as id
    from (

        select
            {{ key }},
            archived,
            row_number() over (
                partition by {{ key }}
                order by {{ modified }} desc nulls last, _ingest_date desc, _source_file desc
            ) as version_rank

        from {{ source('hubspot', table) }}

        where {{ key }} is not null

    ) versions

    where version_rank = 1
        and archived = true

){% endmacro %}
