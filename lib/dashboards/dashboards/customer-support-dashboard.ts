/** Customer Support: how many tickets come in, whether the team keeps up, and whether SLAs are met. */
import { cartesianChart } from '../charts/cartesian-chart.ts';
import { MEANING_COLORS, SERIES_COLORS } from '../charts/chart-style.ts';
import { donutChart } from '../charts/donut-chart.ts';
import type { DashboardDefinition } from '../dashboard-definition.ts';
import { WEEK_TO_DATE_NOTE, weekLabel } from '../format/period-labels.ts';
import { humanize } from '../format/value-format.ts';
import { customerSupportKpis, queryCustomerSupport } from '../queries/customer-support-queries.ts';
import { queryKpis } from '../queries/run-queries.ts';
import { numbers, texts } from '../queries/row-columns.ts';

const PRIORITY_COLORS: Record<string, string> = {
  urgent: MEANING_COLORS.critical,
  high: MEANING_COLORS.high,
  medium: MEANING_COLORS.medium,
  low: MEANING_COLORS.low,
};

export const customerSupportDashboard: DashboardDefinition = {
  exposure: 'customer_support_dashboard',
  navLabel: 'Support',
  async build({ engine, marts, runDate }) {
    const [kpis, data] = await Promise.all([queryKpis(engine, customerSupportKpis(marts)), queryCustomerSupport(engine, marts)]);
    const weekLabels = texts(data.weeks, 'week_start_date').map((week) => weekLabel(week, runDate));
    const priorityLabels = texts(data.priorities, 'priority').map(humanize);
    return {
      kpis,
      panels: [
        {
          kind: 'chart',
          id: 'weekly_ticket_volume',
          title: 'Ticket volume and backlog',
          subtitle: `Tickets opened and solved per week (left axis), backlog at the end of each week (right axis) · last 26 weeks · ${WEEK_TO_DATE_NOTE}`,
          width: 'two-thirds',
          option: cartesianChart({
            categories: weekLabels,
            primaryAxis: { format: 'count' },
            secondaryAxis: { format: 'count' },
            series: [
              { name: 'Opened', type: 'bar', values: numbers(data.weeks, 'tickets_opened_count'), format: 'count', color: MEANING_COLORS.primary },
              { name: 'Solved', type: 'bar', values: numbers(data.weeks, 'tickets_solved_count'), format: 'count', color: MEANING_COLORS.won },
              { name: 'Backlog', type: 'line', axis: 'secondary', values: numbers(data.weeks, 'backlog_count'), format: 'count', color: MEANING_COLORS.warning },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'backlog_by_priority',
          title: 'Backlog by priority',
          subtitle: 'Tickets open on the run date',
          width: 'third',
          option: donutChart({
            seriesName: 'Open tickets',
            format: 'count',
            totalLabel: 'open tickets',
            slices: data.priorities.map((row, index) => ({
              name: priorityLabels[index] as string,
              value: Number(row.backlog_count),
              color: PRIORITY_COLORS[String(row.priority)] ?? MEANING_COLORS.neutral,
            })),
          }),
        },
        {
          kind: 'chart',
          id: 'sla_trend',
          title: 'SLA compliance by week',
          subtitle: `Tickets created in the week that met their resolution SLA · last 26 weeks · ${WEEK_TO_DATE_NOTE}`,
          width: 'half',
          option: cartesianChart({
            categories: weekLabels,
            primaryAxis: { format: 'percent', min: 0, max: 1 },
            legend: false,
            series: [{ name: 'SLA compliance', type: 'line', area: true, values: numbers(data.weeks, 'sla_compliance_rate'), format: 'percent', color: MEANING_COLORS.committed }],
          }),
        },
        {
          kind: 'chart',
          id: 'sla_by_priority',
          title: 'SLA compliance by priority',
          subtitle: 'Tickets created in the last 12 weeks',
          width: 'half',
          option: cartesianChart({
            categories: priorityLabels,
            primaryAxis: { format: 'percent', min: 0, max: 1 },
            legend: false,
            series: [{ name: 'SLA compliance', type: 'bar', values: numbers(data.priorities, 'sla_compliance_rate'), format: 'percent', color: MEANING_COLORS.committed, labels: true }],
          }),
        },
        {
          kind: 'chart',
          id: 'response_times_by_priority',
          title: 'Response and resolution time by priority',
          subtitle: 'Mean hours, tickets created in the last 12 weeks',
          width: 'two-thirds',
          option: cartesianChart({
            categories: priorityLabels,
            primaryAxis: { format: 'hours' },
            series: [
              { name: 'First response', type: 'bar', values: numbers(data.priorities, 'average_first_response_hours'), format: 'hours', color: MEANING_COLORS.weighted, labels: true },
              { name: 'Resolution', type: 'bar', values: numbers(data.priorities, 'average_resolution_hours'), format: 'hours', color: MEANING_COLORS.primary, labels: true },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'tickets_by_channel',
          title: 'Tickets by channel',
          subtitle: 'Tickets created in the last 12 weeks',
          width: 'third',
          option: donutChart({
            seriesName: 'Tickets',
            format: 'count',
            totalLabel: 'tickets',
            slices: data.channels.map((row, index) => ({ name: humanize(String(row.channel)), value: Number(row.tickets_opened_count), color: SERIES_COLORS[index % SERIES_COLORS.length] })),
          }),
        },
        {
          kind: 'table',
          id: 'priority_summary',
          title: 'By priority',
          subtitle: 'Last 12 weeks, with the backlog on the run date',
          width: 'full',
          emptyText: 'No tickets yet.',
          rows: data.priorities.map((row, index) => ({ ...row, priority: priorityLabels[index] ?? '' })),
          columns: [
            { key: 'priority', label: 'Priority', format: 'text' },
            { key: 'tickets_opened_count', label: 'Tickets opened', format: 'count' },
            { key: 'backlog_count', label: 'Open now', format: 'count' },
            { key: 'average_first_response_hours', label: 'First response', format: 'hours' },
            { key: 'average_resolution_hours', label: 'Resolution', format: 'hours' },
            { key: 'sla_compliance_rate', label: 'SLA compliance', format: 'percent' },
          ],
        },
      ],
    };
  },
};
