{#
  The run date's row of dim_dates, as the CTE `run_day` for the caller's `with` list. Marts measure
  their periods from the run date, never from the clock, so a rerun of a day gives the same result;
  every period column of dim_dates (week, month, quarter starts) comes along.
#}
{% macro run_day() %}run_day as (

    select *

    from {{ ref('dim_dates') }}

    where date_day = cast('{{ var("run_date") }}' as date)

){% endmacro %}
