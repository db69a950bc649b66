/**
 * The Product Performance dashboard's SQL: sales, margins and inventory per product
 * (mart_product_performance, all orders up to the run date) and units by month and category
 * (mart_revenue). Margins are over the products with a known cost.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import type { KpiDefinition } from '../dashboard-model.ts';
import type { ExposureMarts } from '../exposure-marts.ts';
import { queryRows } from './run-queries.ts';

export const TOP_PRODUCTS = 15;
export const REORDER_LIST_SIZE = 15;
/** Products in the stock chart: the active ones closest to their reorder level. */
export const STOCK_CHART_PRODUCTS = 15;

export function productPerformanceKpis(marts: ExposureMarts): KpiDefinition[] {
  const products = marts.relation('mart_product_performance');
  return [
    {
      id: 'product_revenue',
      label: 'Product revenue',
      format: 'currency_compact',
      description: 'Net amount of all orders up to the run date that were not cancelled or returned.',
      sql: `select sum(revenue_amount) as value, sum(units_sold) as detail from ${products}`,
      detail: { format: 'count', suffix: 'units sold' },
    },
    {
      id: 'gross_margin',
      label: 'Gross margin',
      format: 'percent',
      description: 'Margin / revenue of the products with a known cost.',
      sql:
        `select cast(sum(margin_amount) as double precision) / nullif(sum(case when margin_amount is not null then revenue_amount end), 0) as value, ` +
        `sum(margin_amount) as detail from ${products}`,
      detail: { format: 'currency_compact', suffix: 'margin' },
    },
    {
      id: 'revenue_90_days',
      label: 'Revenue',
      period: '90 days',
      format: 'currency_compact',
      description: 'Revenue of the orders placed in the 90 days ending on the run date.',
      sql: `select sum(revenue_last_90_days) as value, sum(units_sold_last_90_days) as detail from ${products}`,
      detail: { format: 'count', suffix: 'units sold' },
    },
    {
      id: 'low_stock_products',
      label: 'Low stock',
      format: 'count',
      description: 'Products at or below their reorder level, still in stock.',
      sql: `select sum(case when inventory_status = 'low_stock' then 1 else 0 end) as value from ${products}`,
      tone: 'risk',
    },
    {
      id: 'out_of_stock_products',
      label: 'Out of stock',
      format: 'count',
      description: 'Products with no units in stock.',
      sql: `select sum(case when inventory_status = 'out_of_stock' then 1 else 0 end) as value from ${products}`,
      tone: 'risk',
    },
    {
      id: 'active_products',
      label: 'Active products',
      format: 'count',
      description: 'Products still sold; the detail counts those that sold in the last 90 days.',
      sql: `select sum(case when is_active then 1 else 0 end) as value, sum(case when is_active and units_sold_last_90_days > 0 then 1 else 0 end) as detail from ${products}`,
      detail: { format: 'count', suffix: 'sold in the last 90 days' },
    },
  ];
}

export interface ProductPerformanceData {
  readonly topProducts: Row[];
  /** Per category, by revenue. */
  readonly categories: Row[];
  /** Active catalog products by stock / reorder level, the closest to reordering first. */
  readonly stock: Row[];
  /** Product ids of orders and deals missing from the catalog (inventory status unknown). */
  readonly unknownProductCount: number;
  /** Units per month and category, the last 12 months with sales. */
  readonly monthlyUnits: Row[];
  readonly reorder: Row[];
}

export async function queryProductPerformance(engine: Engine, marts: ExposureMarts): Promise<ProductPerformanceData> {
  const products = marts.relation('mart_product_performance');
  const [topProducts, categories, stock, unknownProducts, monthlyUnits, reorder] = await Promise.all([
    queryRows(
      engine,
      `select product_id, coalesce(product_name, product_id) as product_name, category, units_sold, revenue_amount, gross_margin_rate, revenue_share ` +
        `from ${products} order by revenue_rank limit ${TOP_PRODUCTS}`,
      'top products',
    ),
    queryRows(
      engine,
      `select category, sum(revenue_amount) as revenue_amount, sum(margin_amount) as margin_amount, ` +
        `cast(sum(margin_amount) as double precision) / nullif(sum(case when margin_amount is not null then revenue_amount end), 0) as gross_margin_rate ` +
        `from ${products} group by category order by revenue_amount desc, category`,
      'revenue by category',
    ),
    queryRows(
      engine,
      `select product_id, coalesce(product_name, product_id) as product_name, quantity_in_stock, reorder_level from ${products} ` +
        `where is_active and inventory_status <> 'unknown' ` +
        `order by case when reorder_level > 0 then cast(quantity_in_stock as double precision) / reorder_level end, product_id limit ${STOCK_CHART_PRODUCTS}`,
      'stock against reorder level',
    ),
    queryRows(engine, `select count(*) as product_count from ${products} where inventory_status = 'unknown'`, 'products missing from the catalog'),
    queryRows(
      engine,
      `select r.month_start_date, r.category, sum(r.units_sold) as units_sold from ${marts.relation('mart_revenue')} as r ` +
        `join (select month_start_date from ${marts.relation('mart_revenue')} group by month_start_date order by month_start_date desc limit 12) as recent ` +
        `on recent.month_start_date = r.month_start_date group by r.month_start_date, r.category order by r.month_start_date, r.category`,
      'units by month and category',
    ),
    queryRows(
      engine,
      `select product_id, coalesce(product_name, product_id) as product_name, category, inventory_status, quantity_in_stock, reorder_level, ` +
        `average_daily_units_last_90_days, days_of_stock, revenue_last_90_days from ${products} where needs_reorder ` +
        `order by case when inventory_status = 'out_of_stock' then 0 else 1 end, days_of_stock, revenue_last_90_days desc, product_id limit ${REORDER_LIST_SIZE}`,
      'reorder alerts',
    ),
  ]);
  return { topProducts, categories, stock, unknownProductCount: Number(unknownProducts[0]?.product_count ?? 0), monthlyUnits, reorder };
}
