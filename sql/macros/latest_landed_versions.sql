{#
  The staging dedup of an incremental staging model. A full build is latest_versions (which version
  counts, and why only repeated ids are ranked). An increment re-derives only the keys the caller
  lists in its CTE `keys` (the keys landed since the model's last build, and any the model adds),
  ranking every raw version of those keys, not only the rows landed since: a late file may bring a
  version older than one landed before, which must not win.

  Emits CTEs for the caller's `with` list (no leading `with`, no trailing comma); the last one,
  `<name>`, has one row per key, all raw columns and version_rank, as latest_versions' has.
#}
{% macro latest_landed_versions(table, key, keys, name='source', order_by='updated_at desc nulls last, _ingest_date desc, _source_file desc', source_name='crm') %}{% if is_incremental() %}{{ name }} as (

    {{ ranked_latest_versions(table, key, keys, order_by, source_name) }}

){% else %}{{ latest_versions(table, key, name=name, order_by=order_by, source_name=source_name) }}{% endif %}{% endmacro %}

{#
  The keys of an incremental staging model's table whose latest version is now a deletion, for its
  post_hook: a deleted key has no row in the increment, so delete+insert would keep its old row.
  Only keys landed since the last build can have become deleted, and of those only keys with a
  deleted version; their latest version decides (a deletion may be followed by a newer live version,
  or be older than one).
#}
{% macro landed_deletions(table, key, order_by='updated_at desc nulls last, _ingest_date desc, _source_file desc', source_name='crm') %}select {{ key }}
    from (

        select
            {{ key }},
            is_deleted,
            row_number() over (
                partition by {{ key }}
                order by {{ order_by }}
            ) as version_rank

        from {{ source(source_name, table) }}

        where {{ key }} in ({{ landed_keys(table, key, source_name) }})
            and {{ key }} in (select {{ key }} from {{ source(source_name, table) }} where is_deleted)

    ) ranked

    where version_rank = 1
        and is_deleted{% endmacro %}
