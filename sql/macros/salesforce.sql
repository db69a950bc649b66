{#
  Salesforce semantics shared by the sql/staging/salesforce/ models.

  salesforce_stage: the contract stage of an open StageName. Salesforce's default sales process is
  mapped here; an org with its own stage names adds them (a name already equal to a contract stage,
  in any case, maps to itself). Closed opportunities never go through this map: IsClosed/IsWon say
  won or lost whatever the stage is called.
#}
{% macro salesforce_stage(stage_name) %}case lower(trim({{ stage_name }}))
            when 'needs analysis' then 'qualification'
            when 'value proposition' then 'proposal'
            when 'id. decision makers' then 'proposal'
            when 'perception analysis' then 'proposal'
            when 'proposal/price quote' then 'proposal'
            when 'negotiation/review' then 'negotiation'
            when 'closed won' then 'closed_won'
            when 'closed lost' then 'closed_lost'
            else lower(trim({{ stage_name }}))
        end{% endmacro %}

{#
  salesforce_deleted_ids: a CTE `<name>` of the ids of `table` whose latest version (newest
  SystemModstamp, then the later ingest date and file, as the staging dedup orders) is deleted
  (IsDeleted, a record in the recycle bin). For contract tables that have no is_deleted column:
  their every version is left out, so an older live copy cannot come back.
#}
{% macro salesforce_deleted_ids(name, table) %}{{ name }} as (

    select id
    from (

        select
            id,
            isdeleted,
            row_number() over (
                partition by id
                order by systemmodstamp desc nulls last, _ingest_date desc, _source_file desc
            ) as version_rank

        from {{ source('salesforce', table) }}

        where id is not null

    ) versions

    where version_rank = 1
        and isdeleted = true

){% endmacro %}
