{#
  For mart_account_features: the records of one fact (`columns` of the model named `model`) that its snapshots
  read, each with the `lane` its join to record_ages matches with the snapshot's (feature_lane_match). In a full
  build every record and every snapshot is in lane 1. In an increment the snapshots computed for every account
  are in lane 1, the others in lane 2, and the records of the accounts touched (the model's touched_accounts)
  are in both lanes, in lane 2 with the date after which their account's snapshots are computed again
  (computed_after): a record of an untouched account never meets a past snapshot, one of a touched account
  meets only the past snapshots its account is computed at, and no record meets a snapshot twice. Two joins
  that each read only what they need, where one join filtered after it would pair every record with every
  snapshot first.
#}
{% macro feature_records(model, columns) %}select {{ columns }}, 1 as lane{% if is_incremental() %}, cast(null as date) as computed_after{% endif %}

        from {{ ref(model) }}
{% if is_incremental() %}

        union all

        select {{ columns }}, 2 as lane, touched_accounts.touched_after

        from {{ ref(model) }}

        inner join touched_accounts using (account_id)
{% endif %}{% endmacro %}

{# The join condition of `records` (feature_records) to `ages` (record_ages): the same lane and, in lane 2, a
   snapshot its account is computed at. #}
{% macro feature_lane_match(records, ages) %}{{ records }}.lane = {{ ages }}.lane{% if is_incremental() %}
        and ({{ ages }}.lane = 1 or {{ ages }}.snapshot_date > {{ records }}.computed_after){% endif %}{% endmacro %}
