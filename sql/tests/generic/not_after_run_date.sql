{#
  The date (or timestamp) is not after the run date: nothing a CRM export holds for a day has
  happened later than that day. A later value is a mistake typed into the CRM or a clock problem
  in its integration; the failing rows are the values, so a reader sees how far ahead they are.
#}
{% test not_after_run_date(model, column_name) %}
select {{ column_name }} as future_value
from {{ model }}
where cast({{ column_name }} as date) > cast('{{ var("run_date") }}' as date)
{% endtest %}
