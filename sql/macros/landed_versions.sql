{#
  SCD type 2 versions of a record, rebuilt from every extract the landing keeps in raw (unlike a dbt
  snapshot, which records what it saw at each run: rebuilding the history here rereads the landing,
  so a late file or a reload changes it like any other model).

  `landed` is the caller's CTE of cleaned extract rows: `key`, the tracked columns, `is_deletion`
  (true or false, never null), `updated_at` (a timestamp), `_ingest_date` and `_source_file`.

  A version is a run of consecutive extracts whose tracked columns are all equal (nulls equal to
  nulls), in the CRM's order, `updated_at`. Two extracts with the same `updated_at` are one point in
  time: the later ingest date, then the later file wins, as in the staging dedup, so the current
  version is the row staging keeps. Hence a re-extract of an old version arriving in a later file
  lands next to that version and reopens nothing, and an extract with nothing changed adds no
  version. Extracts without `updated_at` cannot be placed in time and are left out (staging tests
  report them). A deletion is a state too: it closes the version before it (valid_to = the
  deletion's updated_at, ended_by_deletion) and is not a row itself, so a deleted record has no
  current row; a later live extract opens a new version.

  Equality of the tracked columns is decided by dense_rank over them: rows that sort as peers get
  one number, which compares nulls as equal without IS DISTINCT FROM (not on Redshift) and without
  concatenating values into text that could collide.

  Only keys extracted more than once go through the windows: a key extracted once is one version,
  current unless it is a deletion, and most keys are extracted once, so windows over every extract
  would sort the whole landing, all columns included, four times.

  Emits CTEs for the caller's `with` list (no leading `with`, no trailing comma); the last one,
  `<name>`, has every column of `landed` plus valid_from, valid_to, version_number (1, 2, ... per
  key), is_current and ended_by_deletion.
#}
{% macro landed_versions(landed, key, tracked, name='versions') %}{{ name }}_repeated_keys as (

    select {{ key }}

    from {{ landed }}

    where {{ key }} is not null

    group by {{ key }}

    having count(*) > 1

),

{{ name }}_timed as (

    select *
    from (

        select
            *,
            row_number() over (
                partition by {{ key }}, updated_at
                order by _ingest_date desc, _source_file desc
            ) as extract_rank

        from {{ landed }}

        where {{ key }} in (select {{ key }} from {{ name }}_repeated_keys)
            and updated_at is not null

    ) ranked

    where extract_rank = 1

),

{{ name }}_states as (

    select
        *,
        dense_rank() over (
            partition by {{ key }}
            order by case when is_deletion then 1 else 0 end, {{ tracked }}
        ) as state_number

    from {{ name }}_timed

),

{{ name }}_changes as (

    select
        *,
        lag(state_number) over (
            partition by {{ key }}
            order by updated_at
        ) as previous_state_number

    from {{ name }}_states

),

{{ name }}_starts as (

    select
        *,
        lead(updated_at) over (
            partition by {{ key }}
            order by updated_at
        ) as next_start_at,
        lead(is_deletion) over (
            partition by {{ key }}
            order by updated_at
        ) as next_is_deletion,
        sum(case when is_deletion then 0 else 1 end) over (
            partition by {{ key }}
            order by updated_at
            rows between unbounded preceding and current row
        ) as version_number

    from {{ name }}_changes

    where previous_state_number is null
        or previous_state_number <> state_number

    union all

    -- A key extracted once: the window columns as the windows would give them (the first three are
    -- read no further; they only line the columns up).
    select
        *,
        cast(null as bigint) as extract_rank,
        cast(null as bigint) as state_number,
        cast(null as bigint) as previous_state_number,
        cast(null as timestamp) as next_start_at,
        cast(null as boolean) as next_is_deletion,
        1 as version_number

    from {{ landed }}

    where {{ key }} not in (select {{ key }} from {{ name }}_repeated_keys)
        and {{ key }} is not null
        and updated_at is not null

),

{{ name }} as (

    select
        *,
        updated_at as valid_from,
        next_start_at as valid_to,
        case when next_start_at is null then true else false end as is_current,
        case when next_is_deletion then true else false end as ended_by_deletion

    from {{ name }}_starts

    where is_deletion = false

){% endmacro %}
