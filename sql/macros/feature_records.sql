{#
  For mart_account_features: the records of one fact (`columns` of the model named `model`) that its snapshots
  read, each with the `lane` its join to record_ages matches with the snapshot's. In a full build every record
  and every snapshot is in lane 1. In an increment the snapshots computed for every account are in lane 1, the
  others in lane 2, and the records of the accounts touched (the model's touched_accounts) are in both lanes:
  a record of an untouched account never meets a past snapshot, and no record meets a snapshot twice. Two
  joins that each read only what they need, where one join filtered after it would pair every record with
  every snapshot first.
#}
{% macro feature_records(model, columns) %}select {{ columns }}, 1 as lane

        from {{ ref(model) }}
{% if is_incremental() %}

        union all

        select {{ columns }}, 2 as lane

        from {{ ref(model) }}

        where account_id in (select account_id from touched_accounts)
{% endif %}{% endmacro %}
