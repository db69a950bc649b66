/** Product Performance: what sells, at what margin, and what needs reordering. */
import { cartesianChart } from '../charts/cartesian-chart.ts';
import { MEANING_COLORS, SERIES_COLORS } from '../charts/chart-style.ts';
import type { DashboardDefinition } from '../dashboard-definition.ts';
import { formatMonth, humanize } from '../format/value-format.ts';
import { TOP_PRODUCTS, productPerformanceKpis, queryProductPerformance } from '../queries/product-performance-queries.ts';
import { numbers, pivot, texts } from '../queries/row-columns.ts';
import { queryKpis } from '../queries/run-queries.ts';

export const productPerformanceDashboard: DashboardDefinition = {
  exposure: 'product_performance_dashboard',
  navLabel: 'Products',
  async build({ engine, marts }) {
    const [kpis, data] = await Promise.all([queryKpis(engine, productPerformanceKpis(marts)), queryProductPerformance(engine, marts)]);
    const months = [...new Set(texts(data.monthlyUnits, 'month_start_date'))];
    const unitsByCategory = pivot(data.monthlyUnits, {
      keyColumn: 'month_start_date',
      seriesColumn: 'category',
      valueColumn: 'units_sold',
      rowKeys: months,
      seriesOrder: texts(data.categories, 'category'),
    });
    return {
      kpis,
      panels: [
        {
          kind: 'chart',
          id: 'top_products',
          title: 'Top products by revenue',
          subtitle: `The ${TOP_PRODUCTS} best sellers · all orders to the run date`,
          width: 'half',
          height: 440,
          option: cartesianChart({
            categories: texts(data.topProducts, 'product_name'),
            orientation: 'horizontal',
            primaryAxis: { format: 'currency_compact' },
            legend: false,
            series: [{ name: 'Revenue', type: 'bar', values: numbers(data.topProducts, 'revenue_amount'), format: 'currency', color: MEANING_COLORS.primary, labels: true }],
          }),
        },
        {
          kind: 'chart',
          id: 'category_margin',
          title: 'Revenue and margin by category',
          subtitle: 'All orders to the run date · margin % over products with a known cost',
          width: 'half',
          height: 440,
          option: cartesianChart({
            categories: texts(data.categories, 'category').map(humanize),
            primaryAxis: { format: 'currency_compact' },
            secondaryAxis: { format: 'percent' },
            series: [
              { name: 'Revenue', type: 'bar', values: numbers(data.categories, 'revenue_amount'), format: 'currency', color: MEANING_COLORS.primary },
              { name: 'Margin', type: 'bar', values: numbers(data.categories, 'margin_amount'), format: 'currency', color: MEANING_COLORS.committed },
              { name: 'Margin %', type: 'line', axis: 'secondary', values: numbers(data.categories, 'gross_margin_rate'), format: 'percent', color: MEANING_COLORS.rate },
            ],
          }),
        },
        {
          kind: 'chart',
          id: 'units_by_month',
          title: 'Units sold by month',
          subtitle: 'By category · the last 12 months with sales',
          width: 'half',
          height: 420,
          option: cartesianChart({
            categories: months.map(formatMonth),
            primaryAxis: { format: 'count' },
            series: unitsByCategory.map((series, index) => ({
              name: humanize(series.name),
              type: 'bar' as const,
              stack: 'units',
              values: series.values,
              format: 'count' as const,
              color: SERIES_COLORS[index % SERIES_COLORS.length],
            })),
          }),
        },
        {
          kind: 'chart',
          id: 'stock_levels',
          title: 'Stock against reorder level',
          subtitle:
            `Active catalog products closest to their reorder level first` +
            (data.unknownProductCount > 0 ? ` · ${data.unknownProductCount} product ids of orders or deals are not in the catalog` : ''),
          width: 'half',
          height: 420,
          option: cartesianChart({
            categories: texts(data.stock, 'product_name'),
            orientation: 'horizontal',
            primaryAxis: { format: 'count' },
            series: [
              { name: 'In stock', type: 'bar', values: numbers(data.stock, 'quantity_in_stock'), format: 'count', color: MEANING_COLORS.committed },
              { name: 'Reorder level', type: 'bar', values: numbers(data.stock, 'reorder_level'), format: 'count', color: MEANING_COLORS.warning },
            ],
          }),
        },
        {
          kind: 'table',
          id: 'reorder_alerts',
          title: 'Reorder alerts',
          subtitle: 'Products out of stock or at their reorder level, the most urgent first',
          width: 'full',
          emptyText: 'No product needs reordering.',
          rows: data.reorder,
          columns: [
            { key: 'product_name', label: 'Product', format: 'text' },
            { key: 'category', label: 'Category', format: 'label' },
            { key: 'inventory_status', label: 'Status', format: 'label' },
            { key: 'quantity_in_stock', label: 'In stock', format: 'count' },
            { key: 'reorder_level', label: 'Reorder level', format: 'count' },
            { key: 'average_daily_units_last_90_days', label: 'Units per day (90d)', format: 'decimal' },
            { key: 'days_of_stock', label: 'Days of stock', format: 'decimal', missingText: 'no recent sales' },
            { key: 'revenue_last_90_days', label: 'Revenue 90d', format: 'currency' },
          ],
        },
        {
          kind: 'table',
          id: 'product_leaderboard',
          title: 'Product leaderboard',
          subtitle: 'By revenue, all orders to the run date',
          width: 'full',
          emptyText: 'No product has sold yet.',
          rows: data.topProducts,
          columns: [
            { key: 'product_name', label: 'Product', format: 'text' },
            { key: 'category', label: 'Category', format: 'label' },
            { key: 'units_sold', label: 'Units', format: 'count' },
            { key: 'revenue_amount', label: 'Revenue', format: 'currency' },
            { key: 'revenue_share', label: 'Share', format: 'percent' },
            { key: 'gross_margin_rate', label: 'Margin', format: 'percent' },
          ],
        },
      ],
    };
  },
};
