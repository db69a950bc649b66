{#
  The staging dedup, once for every staging view. Extracts land as full or change files, day after
  day, so an id can be extracted many times; the row that counts is its latest version: the newest
  `updated_at` (a row without one is older than any with one), then the later ingest date, then the
  later file. Deletions are versions too: the caller drops a latest version that is a deletion.

  Emits two CTEs for the caller's `with` list (no leading `with`, no trailing comma):
  `repeated_ids`, and `<name>`: one row per non-null id, all raw columns.

  Only ids extracted more than once are ranked: a window over every row would sort the whole raw
  table, all columns included, at each read of the view.
#}
{% macro latest_versions(table, key, name='source', order_by='updated_at desc nulls last, _ingest_date desc, _source_file desc', source_name='crm') %}repeated_ids as (

    select {{ key }}

    from {{ source(source_name, table) }}

    where {{ key }} is not null

    group by {{ key }}

    having count(*) > 1

),

{{ name }} as (

    select
        *,
        1 as version_rank

    from {{ source(source_name, table) }}

    where {{ key }} is not null
        and {{ key }} not in (select {{ key }} from repeated_ids)

    union all

    {{ ranked_latest_versions(table, key, 'repeated_ids', order_by, source_name) }}

){% endmacro %}

{#
  The latest version of each id that `ids` (a CTE or table with a column named like `key`) lists,
  ranked over every raw version of those ids: all raw columns and version_rank (1). Shared by
  latest_versions (the ids extracted more than once) and latest_landed_versions (the ids an
  increment re-derives).
#}
{% macro ranked_latest_versions(table, key, ids, order_by, source_name) %}select *
    from (

        select
            *,
            row_number() over (
                partition by {{ key }}
                order by {{ order_by }}
            ) as version_rank

        from {{ source(source_name, table) }}

        where {{ key }} in (select {{ key }} from {{ ids }})

    ) ranked

    where version_rank = 1{% endmacro %}
