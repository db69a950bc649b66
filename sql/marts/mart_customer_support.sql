-- Customer support by week: one row per week (Monday start, from the first week of dim_dates to the run date's
-- week) per ticket priority and channel seen in fact_tickets (a missing priority or channel is 'unknown').
-- Only events on or before the run date count; the run date's week is partial.
-- Volume: tickets_opened_count (created in the week), tickets_solved_count (resolved in the week).
-- Backlog at the end of the week (or of the run date): tickets created by then and not yet resolved; a ticket
--   resolved without a resolution time that is no longer open never enters the backlog.
-- Quality, for the tickets created in the week (the week's cohort):
--   average_first_response_hours, average_resolution_hours (tickets that have them);
--   sla_compliance_rate = tickets that met their resolution SLA / tickets with an SLA verdict (is_sla_met not null).
-- The *_total_hours and *_count columns let a dashboard re-aggregate the averages and rates over rows.

with

{{ run_day() }},

weeks as (

    select distinct
        dates.week_start_date

    from {{ ref('dim_dates') }} as dates

    cross join run_day

    where dates.week_start_date <= run_day.week_start_date

),

tickets as (

    select
        tickets.*,
        coalesce(tickets.priority, 'unknown') as priority_group,
        coalesce(tickets.channel, 'unknown') as channel_group,
        case
            when tickets.created_date is null then null
            when tickets.resolved_date is not null and tickets.resolved_date < tickets.created_date then tickets.created_date
            when tickets.resolved_date is not null then tickets.resolved_date
            when tickets.is_open then null
            else tickets.created_date
        end as backlog_exit_date

    from {{ ref('fact_tickets') }} as tickets

),

segments as (

    select distinct
        priority_group,
        channel_group

    from tickets

),

opened as (

    select
        dates.week_start_date,
        tickets.priority_group,
        tickets.channel_group,
        count(*) as tickets_opened_count,
        sum(case when tickets.first_response_hours is not null then 1 else 0 end) as first_responded_count,
        sum(tickets.first_response_hours) as first_response_total_hours,
        sum(case when tickets.resolution_hours is not null then 1 else 0 end) as resolved_in_cohort_count,
        sum(tickets.resolution_hours) as resolution_total_hours,
        sum(case when tickets.is_sla_met is not null then 1 else 0 end) as sla_evaluated_count,
        sum(case when tickets.is_sla_met then 1 else 0 end) as sla_met_count,
        sum(case when not tickets.is_sla_met then 1 else 0 end) as sla_breached_count

    from tickets

    inner join {{ ref('dim_dates') }} as dates
        on tickets.created_date = dates.date_day

    cross join run_day

    where tickets.created_date <= run_day.date_day

    group by
        dates.week_start_date,
        tickets.priority_group,
        tickets.channel_group

),

solved as (

    select
        dates.week_start_date,
        tickets.priority_group,
        tickets.channel_group,
        count(*) as tickets_solved_count

    from tickets

    inner join {{ ref('dim_dates') }} as dates
        on tickets.resolved_date = dates.date_day

    cross join run_day

    where tickets.resolved_date <= run_day.date_day

    group by
        dates.week_start_date,
        tickets.priority_group,
        tickets.channel_group

),

backlog_exits as (

    select
        dates.week_start_date,
        tickets.priority_group,
        tickets.channel_group,
        count(*) as backlog_exit_count

    from tickets

    inner join {{ ref('dim_dates') }} as dates
        on tickets.backlog_exit_date = dates.date_day

    cross join run_day

    where tickets.backlog_exit_date <= run_day.date_day

    group by
        dates.week_start_date,
        tickets.priority_group,
        tickets.channel_group

),

grid as (

    select
        weeks.week_start_date,
        segments.priority_group,
        segments.channel_group,
        coalesce(opened.tickets_opened_count, 0) as tickets_opened_count,
        coalesce(solved.tickets_solved_count, 0) as tickets_solved_count,
        coalesce(backlog_exits.backlog_exit_count, 0) as backlog_exit_count,
        coalesce(opened.first_responded_count, 0) as first_responded_count,
        coalesce(opened.first_response_total_hours, 0) as first_response_total_hours,
        coalesce(opened.resolved_in_cohort_count, 0) as resolved_in_cohort_count,
        coalesce(opened.resolution_total_hours, 0) as resolution_total_hours,
        coalesce(opened.sla_evaluated_count, 0) as sla_evaluated_count,
        coalesce(opened.sla_met_count, 0) as sla_met_count,
        coalesce(opened.sla_breached_count, 0) as sla_breached_count

    from weeks

    cross join segments

    left join opened
        on weeks.week_start_date = opened.week_start_date
        and segments.priority_group = opened.priority_group
        and segments.channel_group = opened.channel_group

    left join solved
        on weeks.week_start_date = solved.week_start_date
        and segments.priority_group = solved.priority_group
        and segments.channel_group = solved.channel_group

    left join backlog_exits
        on weeks.week_start_date = backlog_exits.week_start_date
        and segments.priority_group = backlog_exits.priority_group
        and segments.channel_group = backlog_exits.channel_group

),

running as (

    select
        *,
        sum(tickets_opened_count - backlog_exit_count) over (
            partition by priority_group, channel_group
            order by week_start_date
            rows between unbounded preceding and current row
        ) as backlog_count,
        cast(avg(cast(tickets_opened_count as double precision)) over (
            partition by priority_group, channel_group
            order by week_start_date
            rows between 3 preceding and current row
        ) as decimal(18,6)) as tickets_opened_4_week_average

    from grid

),

final as (

    select

        ---------- ids
        running.week_start_date,
        running.priority_group as priority,
        running.channel_group as channel,

        ---------- numerics: volume
        cast(running.tickets_opened_count as integer) as tickets_opened_count,
        cast(running.tickets_solved_count as integer) as tickets_solved_count,
        cast(running.backlog_count as integer) as backlog_count,
        cast(running.tickets_opened_4_week_average as decimal(18,2)) as tickets_opened_4_week_average,

        ---------- numerics: response and resolution of the week's cohort
        cast(running.first_responded_count as integer) as first_responded_count,
        cast(running.first_response_total_hours as decimal(18,2)) as first_response_total_hours,
        cast(
            cast(
                {{ safe_divide('running.first_response_total_hours', 'running.first_responded_count') }}
                as decimal(18,6)
            )
            as decimal(18,2)
        ) as average_first_response_hours,
        cast(running.resolved_in_cohort_count as integer) as resolved_in_cohort_count,
        cast(running.resolution_total_hours as decimal(18,2)) as resolution_total_hours,
        cast(
            cast(
                {{ safe_divide('running.resolution_total_hours', 'running.resolved_in_cohort_count') }}
                as decimal(18,6)
            )
            as decimal(18,2)
        ) as average_resolution_hours,

        ---------- numerics: SLA of the week's cohort
        cast(running.sla_evaluated_count as integer) as sla_evaluated_count,
        cast(running.sla_met_count as integer) as sla_met_count,
        cast(running.sla_breached_count as integer) as sla_breached_count,
        cast(
            cast(
                {{ safe_divide('running.sla_met_count', 'running.sla_evaluated_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as sla_compliance_rate,

        ---------- booleans
        case
            when running.week_start_date = run_day.week_start_date then true
            else false
        end as is_run_week

    from running

    cross join run_day

)

select * from final
