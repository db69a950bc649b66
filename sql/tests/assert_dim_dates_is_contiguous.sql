-- dim_dates has no gaps: one row per day between its first and last day, and it reaches the run date.

with

bounds as (

    select
        min(date_day) as first_day,
        max(date_day) as last_day,
        count(*) as day_rows

    from {{ ref('dim_dates') }}

)

select *
from bounds
where day_rows <> {{ datediff('first_day', 'last_day', 'day') }} + 1
    or last_day < cast('{{ var("run_date") }}' as date)
