-- mart_customer_support adds up to fact_tickets up to the run date: tickets opened (created), tickets solved
-- (resolved_date), SLA verdicts of the tickets created, and the run week's backlog equals the tickets created by
-- the run date and not resolved by it (a ticket resolved without a resolution time and no longer open excluded).

with

run_day as (

    select cast('{{ var("run_date") }}' as date) as date_day

),

tickets as (

    select
        tickets.*

    from {{ ref('fact_tickets') }} as tickets

    cross join run_day

    where tickets.created_date <= run_day.date_day

),

comparison as (

    select
        'tickets_opened_count' as metric,
        (select coalesce(sum(tickets_opened_count), 0) from {{ ref('mart_customer_support') }}) as mart_value,
        (select count(*) from tickets) as fact_value

    union all

    select
        'tickets_solved_count',
        (select coalesce(sum(tickets_solved_count), 0) from {{ ref('mart_customer_support') }}),
        (
            select count(*)
            from {{ ref('fact_tickets') }} as solved
            cross join run_day
            where solved.resolved_date <= run_day.date_day
        )

    union all

    select
        'sla_met_count',
        (select coalesce(sum(sla_met_count), 0) from {{ ref('mart_customer_support') }}),
        (select count(*) from tickets where is_sla_met)

    union all

    select
        'sla_breached_count',
        (select coalesce(sum(sla_breached_count), 0) from {{ ref('mart_customer_support') }}),
        (select count(*) from tickets where not is_sla_met)

    union all

    select
        'backlog_count_at_run_date',
        (select coalesce(sum(backlog_count), 0) from {{ ref('mart_customer_support') }} where is_run_week),
        (
            select count(*)
            from tickets
            cross join run_day
            where (tickets.resolved_date is not null and tickets.resolved_date > run_day.date_day)
                or (tickets.resolved_date is null and tickets.is_open)
        )

)

select * from comparison where mart_value <> fact_value
