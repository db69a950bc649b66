/**
 * The Revenue Analytics dashboard's SQL: order revenue, profit, average order value and fulfilment
 * by month, category and product (mart_revenue), deal bookings by month (mart_sales_win_rates) and
 * customer lifetime value (mart_customer_360). The calendar of months is mart_sales_win_rates' (one
 * row per month up to the run date's), so a month without orders still counts as a month:
 * "12 months" = the run date's month and the 11 before it.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import type { KpiDefinition } from '../dashboard-model.ts';
import type { ExposureMarts } from '../exposure-marts.ts';
import { queryRows } from './run-queries.ts';

/** Categories drawn on their own in the monthly chart; the rest are summed as `other`. */
export const CHART_CATEGORIES = 5;

export const TOP_LIST_SIZE = 10;

function calendar(marts: ExposureMarts): string {
  return `select month_start_date, won_amount, row_number() over (order by month_start_date desc) as months_back from ${marts.relation('mart_sales_win_rates')}`;
}

/** Revenue rows with the months_back of their month. */
function revenueByMonth(marts: ExposureMarts): string {
  return `select r.*, m.months_back from ${marts.relation('mart_revenue')} as r join (${calendar(marts)}) as m on m.month_start_date = r.month_start_date`;
}

export function revenueKpis(marts: ExposureMarts): KpiDefinition[] {
  const revenue = revenueByMonth(marts);
  const lastTwelve = `where months_back <= 12`;
  return [
    {
      id: 'revenue_12_months',
      label: 'Revenue',
      period: '12 months',
      format: 'currency_compact',
      description: 'Net amount of the orders placed in the last 12 months that were not cancelled or returned; the detail compares with the 12 months before.',
      sql:
        `with revenue as (${revenue}) ` +
        `select sum(case when months_back <= 12 then revenue_amount else 0 end) as value, ` +
        `cast(sum(case when months_back <= 12 then revenue_amount else 0 end) as double precision) / ` +
        `nullif(sum(case when months_back > 12 and months_back <= 24 then revenue_amount else 0 end), 0) - 1 as detail from revenue`,
      detail: { format: 'percent_change', suffix: 'vs prior 12 months' },
    },
    {
      id: 'average_order_value_12_months',
      label: 'Avg order value',
      period: '12 months',
      format: 'currency_compact',
      description: 'Revenue / orders not cancelled or returned, last 12 months.',
      sql:
        `with revenue as (${revenue}) ` +
        `select cast(sum(revenue_amount) as double precision) / nullif(sum(revenue_order_count), 0) as value, sum(revenue_order_count) as detail ` +
        `from revenue ${lastTwelve}`,
      detail: { format: 'count', suffix: 'orders' },
    },
    {
      id: 'fulfillment_rate_12_months',
      label: 'Fulfilment rate',
      period: '12 months',
      format: 'percent',
      description: 'Orders shipped or delivered / all orders placed in the last 12 months.',
      sql:
        `with revenue as (${revenue}) ` +
        `select cast(sum(fulfilled_order_count) as double precision) / nullif(sum(order_count), 0) as value, sum(cancelled_returned_order_count) as detail ` +
        `from revenue ${lastTwelve}`,
      detail: { format: 'count', suffix: 'cancelled or returned' },
    },
    {
      id: 'gross_margin_12_months',
      label: 'Gross margin',
      period: '12 months',
      format: 'percent',
      description: 'Profit / revenue of the last 12 months, over the products with a known cost.',
      sql:
        `with revenue as (${revenue}) ` +
        `select cast(sum(profit_amount) as double precision) / nullif(sum(case when profit_amount is not null then revenue_amount end), 0) as value, ` +
        `sum(profit_amount) as detail from revenue ${lastTwelve}`,
      detail: { format: 'currency_compact', suffix: 'gross profit' },
    },
    {
      id: 'average_customer_lifetime_value',
      label: 'Customer lifetime value',
      format: 'currency_compact',
      description: 'Mean lifetime revenue of the paying customers (mart_customer_360).',
      sql: `select avg(customer_lifetime_value_amount) as value, count(*) as detail from ${marts.relation('mart_customer_360')} where is_paying_customer`,
      detail: { format: 'count', suffix: 'paying customers' },
    },
    {
      id: 'top_category_12_months',
      label: 'Top category',
      period: '12 months',
      format: 'label',
      description: 'The product category with the most revenue in the last 12 months, and its share of revenue.',
      sql:
        `with revenue as (${revenue}), categories as (` +
        `select category, sum(revenue_amount) as revenue_amount from revenue ${lastTwelve} group by category), ` +
        `ranked as (select category, cast(revenue_amount as double precision) / nullif(sum(revenue_amount) over (), 0) as share, ` +
        `row_number() over (order by revenue_amount desc, category) as category_rank from categories) ` +
        // Aggregated so there is always exactly one row, also when nothing was sold.
        `select max(case when category_rank = 1 then category end) as value, max(case when category_rank = 1 then share end) as detail from ranked`,
      detail: { format: 'percent', suffix: 'of revenue' },
    },
  ];
}

export interface RevenueData {
  /** Every month of the calendar, oldest first: revenue, profit, orders, bookings. */
  readonly months: Row[];
  /** Revenue per month (every month) and category group: the top categories of the last 12 months, then `other`. */
  readonly monthlyCategories: Row[];
  /** Categories of the last 12 months by revenue. */
  readonly categories: Row[];
  readonly topProducts: Row[];
  readonly topCustomers: Row[];
  /** One row: the last 12 months from gross sales to gross profit, each step with the amount it floats on. */
  readonly bridge: Row;
}

export async function queryRevenue(engine: Engine, marts: ExposureMarts): Promise<RevenueData> {
  const revenue = revenueByMonth(marts);
  const categoryTotals =
    `select category, sum(revenue_amount) as revenue_amount, row_number() over (order by sum(revenue_amount) desc, category) as category_rank ` +
    `from (${revenue}) as recent where months_back <= 12 group by category`;
  const [months, monthlyCategories, categories, topProducts, topCustomers, bridge] = await Promise.all([
    queryRows(
      engine,
      `select m.month_start_date, m.won_amount, coalesce(sum(r.revenue_amount), 0) as revenue_amount, sum(r.profit_amount) as profit_amount, ` +
        `coalesce(sum(r.order_count), 0) as order_count, cast(sum(r.revenue_amount) as double precision) / nullif(sum(r.revenue_order_count), 0) as average_order_value, ` +
        `cast(sum(r.fulfilled_order_count) as double precision) / nullif(sum(r.order_count), 0) as fulfillment_rate ` +
        `from (${calendar(marts)}) as m left join ${marts.relation('mart_revenue')} as r on r.month_start_date = m.month_start_date ` +
        `group by m.month_start_date, m.won_amount order by m.month_start_date`,
      'revenue by month',
    ),
    queryRows(
      engine,
      `select r.month_start_date, case when c.category_rank <= ${CHART_CATEGORIES} then r.category else 'other' end as category_group, ` +
        `min(coalesce(c.category_rank, ${CHART_CATEGORIES + 1})) as category_order, sum(r.revenue_amount) as revenue_amount ` +
        `from (${revenue}) as r left join (${categoryTotals}) as c on c.category = r.category ` +
        `group by r.month_start_date, case when c.category_rank <= ${CHART_CATEGORIES} then r.category else 'other' end ` +
        `order by r.month_start_date, category_order`,
      'revenue by month and category',
    ),
    queryRows(
      engine,
      `select category, revenue_amount, cast(revenue_amount as double precision) / nullif(sum(revenue_amount) over (), 0) as revenue_share ` +
        `from (${categoryTotals}) as totals order by category_rank`,
      'revenue by category',
    ),
    queryRows(
      engine,
      `select product_id, coalesce(max(product_name), product_id) as product_name, max(category) as category, sum(units_sold) as units_sold, ` +
        `sum(revenue_amount) as revenue_amount, sum(profit_amount) as profit_amount, ` +
        `cast(sum(profit_amount) as double precision) / nullif(sum(case when profit_amount is not null then revenue_amount end), 0) as gross_margin_rate, ` +
        `cast(sum(revenue_amount) as double precision) / nullif(sum(revenue_order_count), 0) as average_order_value, ` +
        `sum(won_deal_count) as won_deal_count ` +
        `from (${revenue}) as recent where months_back <= 12 group by product_id order by revenue_amount desc, product_id limit ${TOP_LIST_SIZE}`,
      'top products',
    ),
    queryRows(
      engine,
      `select account_id, account_name, industry, owner_name, customer_lifetime_value_amount, revenue_order_count, average_order_value, ` +
        `last_order_date, risk_band from ${marts.relation('mart_customer_360')} ` +
        `where is_paying_customer order by customer_lifetime_value_amount desc, account_id limit ${TOP_LIST_SIZE}`,
      'top customers',
    ),
    queryRows(
      engine,
      // Each deduction floats on what is left after it: net = gross - discounts (a mart identity), revenue = net - cancelled/returned,
      // and the cost step floats on the profit, followed by the revenue of products without a cost, which has no profit figure.
      `select sum(gross_amount) as gross_amount, sum(discount_amount) as discount_amount, sum(net_order_amount) as net_order_amount, ` +
        `sum(cancelled_returned_amount) as cancelled_returned_amount, sum(revenue_amount) as revenue_amount, ` +
        `sum(case when cost_amount is not null then revenue_amount else 0 end) as costed_revenue_amount, ` +
        `sum(case when cost_amount is null then revenue_amount else 0 end) as uncosted_revenue_amount, ` +
        `sum(cost_amount) as cost_amount, sum(profit_amount) as profit_amount from (${revenue}) as recent where months_back <= 12`,
      'revenue bridge',
    ),
  ]);
  if (!bridge[0]) throw new Error('revenue bridge: the query returned no row');
  return { months, monthlyCategories, categories, topProducts, topCustomers, bridge: bridge[0] };
}
