-- Calendar: one row per day from the earliest date any fact uses to the later of the run date and the latest
-- date any fact uses (future expected close dates included). Built portably without generate_series:
-- five cross-joined digits give the day offsets 0..99999 (about 273 years).
-- day_of_week follows extract(dow): 0 = Sunday .. 6 = Saturday on every engine; iso_week is ISO 8601.

with

digits as (

    select 0 as digit
    union all select 1
    union all select 2
    union all select 3
    union all select 4
    union all select 5
    union all select 6
    union all select 7
    union all select 8
    union all select 9

),

day_offsets as (

    select
        ones.digit
        + tens.digit * 10
        + hundreds.digit * 100
        + thousands.digit * 1000
        + ten_thousands.digit * 10000 as day_offset

    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join digits as ten_thousands

),

used_dates as (

    -- least/greatest skip nulls on every engine; one scan per staging view.
    select
        least(
            cast(min(created_at) as date),
            min(expected_close_date),
            cast(min(closed_at) as date)
        ) as first_date,
        greatest(
            cast(max(created_at) as date),
            max(expected_close_date),
            cast(max(closed_at) as date)
        ) as last_date
    from {{ ref('stg_crm_deals') }}

    union all

    select
        cast(min(changed_at) as date) as first_date,
        cast(max(changed_at) as date) as last_date
    from {{ ref('stg_crm_deal_stage_changes') }}

    union all

    select
        cast(min(activity_at) as date) as first_date,
        cast(max(activity_at) as date) as last_date
    from {{ ref('stg_crm_activities') }}

    union all

    select
        cast(least(min(created_at), min(resolved_at)) as date) as first_date,
        cast(greatest(max(created_at), max(resolved_at)) as date) as last_date
    from {{ ref('stg_crm_tickets') }}

    union all

    select
        cast(least(min(ordered_at), min(shipped_at), min(delivered_at)) as date) as first_date,
        cast(greatest(max(ordered_at), max(shipped_at), max(delivered_at)) as date) as last_date
    from {{ ref('stg_crm_orders') }}

    union all

    select
        cast('{{ var("run_date") }}' as date) as first_date,
        cast('{{ var("run_date") }}' as date) as last_date

),

date_bounds as (

    select
        min(first_date) as first_date,
        max(last_date) as last_date

    from used_dates

),

calendar as (

    select
        cast({{ dateadd('day', 'day_offsets.day_offset', 'date_bounds.first_date') }} as date) as date_day

    from day_offsets

    cross join date_bounds

    where day_offsets.day_offset <= {{ datediff('date_bounds.first_date', 'date_bounds.last_date', 'day') }}

),

final as (

    select

        ----------  ids
        cast(
            extract(year from date_day) * 10000
            + extract(month from date_day) * 100
            + extract(day from date_day)
            as integer
        ) as date_key,

        ---------- dates
        date_day,
        cast({{ date_trunc('week', 'date_day') }} as date) as week_start_date,
        cast({{ date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast({{ date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
        cast({{ date_trunc('year', 'date_day') }} as date) as year_start_date,

        ---------- numerics
        cast(extract(year from date_day) as integer) as year,
        cast(extract(quarter from date_day) as integer) as quarter,
        cast(extract(month from date_day) as integer) as month,
        cast(extract(day from date_day) as integer) as day_of_month,
        cast(extract(week from date_day) as integer) as iso_week,
        cast(extract(dow from date_day) as integer) as day_of_week,

        ---------- strings
        case cast(extract(month from date_day) as integer)
            when 1 then 'January'
            when 2 then 'February'
            when 3 then 'March'
            when 4 then 'April'
            when 5 then 'May'
            when 6 then 'June'
            when 7 then 'July'
            when 8 then 'August'
            when 9 then 'September'
            when 10 then 'October'
            when 11 then 'November'
            when 12 then 'December'
        end as month_name,
        case cast(extract(dow from date_day) as integer)
            when 0 then 'Sunday'
            when 1 then 'Monday'
            when 2 then 'Tuesday'
            when 3 then 'Wednesday'
            when 4 then 'Thursday'
            when 5 then 'Friday'
            when 6 then 'Saturday'
        end as day_name,

        ---------- booleans
        case
            when cast(extract(dow from date_day) as integer) in (0, 6) then true
            else false
        end as is_weekend

    from calendar

)

select * from final
