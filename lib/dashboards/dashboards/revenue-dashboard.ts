/** Revenue Analytics: what we sell, to whom, at what margin, and whether orders get fulfilled. */
import { cartesianChart } from '../charts/cartesian-chart.ts';
import { waterfallChart } from '../charts/waterfall-chart.ts';
import { MEANING_COLORS, SERIES_COLORS } from '../charts/chart-style.ts';
import type { Row } from '../../engines/engine.ts';
import type { DashboardDefinition } from '../dashboard-definition.ts';
import { formatMonth, humanize } from '../format/value-format.ts';
import { CHART_CATEGORIES, queryRevenue, revenueKpis } from '../queries/revenue-queries.ts';
import { numbers, pivot, texts } from '../queries/row-columns.ts';
import { queryKpis } from '../queries/run-queries.ts';

/** A sum from the bridge row; an empty period sums to null, drawn as nothing. */
function amount(value: Row[string] | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export const revenueDashboard: DashboardDefinition = {
  exposure: 'revenue_analytics_dashboard',
  navLabel: 'Revenue',
  async build({ engine, marts }) {
    const [kpis, data] = await Promise.all([queryKpis(engine, revenueKpis(marts)), queryRevenue(engine, marts)]);
    const monthKeys = texts(data.months, 'month_start_date');
    const monthLabels = monthKeys.map(formatMonth);
    const byCategory = pivot(data.monthlyCategories, {
      keyColumn: 'month_start_date',
      seriesColumn: 'category_group',
      valueColumn: 'revenue_amount',
      rowKeys: monthKeys,
      seriesOrder: texts(data.categories, 'category').slice(0, CHART_CATEGORIES),
    });
    return {
      kpis,
      panels: [
        {
          kind: 'chart',
          id: 'revenue_by_month',
          title: 'Revenue by month',
          subtitle: `By product category (the top ${CHART_CATEGORIES} of the last 12 months, then other), with gross profit`,
          width: 'two-thirds',
          option: cartesianChart({
            categories: monthLabels,
            primaryAxis: { format: 'currency_compact' },
            series: [
              ...byCategory.map((series, index) => ({
                name: humanize(series.name),
                type: 'bar' as const,
                stack: 'revenue',
                values: series.values,
                format: 'currency' as const,
                color: series.name === 'other' ? MEANING_COLORS.neutral : SERIES_COLORS[index % SERIES_COLORS.length],
              })),
              { name: 'Gross profit', type: 'line', values: numbers(data.months, 'profit_amount'), format: 'currency', color: '#0f172a' },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'revenue_by_category',
          title: 'Revenue by category',
          subtitle: 'Last 12 months',
          width: 'third',
          option: cartesianChart({
            categories: texts(data.categories, 'category').map(humanize),
            orientation: 'horizontal',
            primaryAxis: { format: 'currency_compact' },
            legend: false,
            series: [{ name: 'Revenue', type: 'bar', values: numbers(data.categories, 'revenue_amount'), format: 'currency', color: MEANING_COLORS.primary, labels: true }],
          }),
        },
        {
          kind: 'chart',
          id: 'order_value_and_fulfilment',
          title: 'Average order value and fulfilment',
          subtitle: 'Per month: revenue / revenue orders, and orders shipped or delivered / all orders',
          width: 'half',
          option: cartesianChart({
            categories: monthLabels,
            primaryAxis: { format: 'currency_compact' },
            secondaryAxis: { format: 'percent', min: 0, max: 1 },
            series: [
              { name: 'Average order value', type: 'bar', values: numbers(data.months, 'average_order_value'), format: 'currency', color: MEANING_COLORS.weighted },
              { name: 'Fulfilment rate', type: 'line', axis: 'secondary', values: numbers(data.months, 'fulfillment_rate'), format: 'percent', color: MEANING_COLORS.committed },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'revenue_bridge',
          title: 'From gross sales to gross profit',
          subtitle: 'Orders of the last 12 months',
          width: 'half',
          option: waterfallChart({
            seriesName: 'Amount',
            format: 'currency',
            steps: [
              { name: 'Gross sales', kind: 'total', base: 0, value: amount(data.bridge.gross_amount) },
              { name: 'Discounts', kind: 'decrease', base: amount(data.bridge.net_order_amount), value: amount(data.bridge.discount_amount) },
              { name: 'Cancelled & returned', kind: 'decrease', base: amount(data.bridge.revenue_amount), value: amount(data.bridge.cancelled_returned_amount) },
              { name: 'Revenue', kind: 'total', base: 0, value: amount(data.bridge.revenue_amount) },
              { name: 'No cost data', kind: 'decrease', base: amount(data.bridge.costed_revenue_amount), value: amount(data.bridge.uncosted_revenue_amount) },
              { name: 'Cost', kind: 'decrease', base: amount(data.bridge.profit_amount), value: amount(data.bridge.cost_amount) },
              { name: 'Gross profit', kind: 'result', base: 0, value: amount(data.bridge.profit_amount) },
            ],
          }),
        },
        {
          kind: 'table',
          id: 'top_products',
          title: 'Top products',
          subtitle: 'By revenue, last 12 months',
          width: 'half',
          emptyText: 'No product sold in the last 12 months.',
          rows: data.topProducts,
          columns: [
            { key: 'product_name', label: 'Product', format: 'text' },
            { key: 'category', label: 'Category', format: 'label' },
            { key: 'units_sold', label: 'Units', format: 'count' },
            { key: 'revenue_amount', label: 'Revenue', format: 'currency' },
            { key: 'gross_margin_rate', label: 'Margin', format: 'percent' },
            { key: 'won_deal_count', label: 'Deals won', format: 'count' },
          ],
        },
        {
          kind: 'table',
          id: 'top_customers',
          title: 'Top customers',
          subtitle: 'By lifetime value',
          width: 'half',
          emptyText: 'No paying customers yet.',
          rows: data.topCustomers,
          columns: [
            { key: 'account_name', label: 'Account', format: 'text', link: { exposure: 'customer_360_view', idKey: 'account_id' } },
            { key: 'owner_name', label: 'Owner', format: 'text' },
            { key: 'customer_lifetime_value_amount', label: 'Lifetime value', format: 'currency' },
            { key: 'last_order_date', label: 'Last order', format: 'date' },
            { key: 'risk_band', label: 'Risk', format: 'label' },
          ],
        },
      ],
    };
  },
};
