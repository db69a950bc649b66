{#
  The date is not before the run date: for a column that says until when a row holds, a value
  before the run date is a row the last build should have computed again and did not. The failing
  rows are the values, so a reader sees how stale they are.
#}
{% test not_before_run_date(model, column_name) %}
select {{ column_name }} as past_value
from {{ model }}
where cast({{ column_name }} as date) < cast('{{ var("run_date") }}' as date)
{% endtest %}
