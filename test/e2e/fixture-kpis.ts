/**
 * Every KPI tile of the dashboards built from the hand-made fixture landing
 * (test/fixtures/crm-landing) at run date 2026-03-10 (a Tuesday; its week starts Monday 2026-03-09,
 * its quarter 2026-01-01), worked out by hand. Nothing here was copied from a run.
 *
 * The stepping stone is the fact rows that test/models/fixture-build.test.ts checks by hand from the
 * CSV files. What survives the dedup, in short:
 * - accounts A1 Acme, A2 Globex, A4 Umbrella, A5 Hooli (A3 deleted): 4 accounts.
 * - deals (owner U1 all): D1 account A1, product P1, negotiation, amount 24,000, probability 60, weighted
 *   14,400, expected close 2026-03-31, open; D2 A2, P2, closed_won 2026-03-09, 5,500, cycle 36 days;
 *   D3 A1, P1, closed_lost 2026-02-20, 8,000. D4 deleted.
 * - stage history: D1 prospecting 01-10, qualification 01-20, proposal 02-05, qualification 02-12,
 *   negotiation 03-01 (current); D2 qualification 02-01, proposal 02-20, closed_won 03-09 15:00;
 *   D3 proposal 01-05, negotiation 02-01, proposal 02-10, closed_lost 02-20.
 * - activities: AC1 call 01-12 completed (A1, D1); AC2 email 03-09 completed (A2, D2); AC3 call 03-09
 *   open, overdue (A1, D1); AC4 meeting 03-10 scheduled, not overdue (A2, D2); AC5 note 1997-01-01
 *   (owner U2, no account or deal); AC6 task 03-05 done (A2, D2). Owner U1 except AC5.
 * - tickets: T1 A1 urgent email, created 03-02, solved 03-02, first response 0.5 h, resolution 6 h, SLA
 *   missed; T2 A2 low phone, 03-03, closed 03-04, 4 h, 24 h, SLA met; T3 A1 high chat, 03-08, pending,
 *   1.25 h, SLA missed (open past 8 h); T4 A2 medium web, 03-09, open, no response, no SLA verdict yet.
 * - orders: O1 A1 P1 2026-02-10 delivered, net 2,160, cost 600, profit 1,560, 2 units; O2 A2 P2
 *   2026-03-06 delivered, net 656.25, cost 300, profit 356.25, 3 units; O3 A1 P2 2026-03-09 cancelled,
 *   net 250, 1 unit.
 * - products: P1 software in stock, P2 services low stock, P3 training in stock (all active); P4
 *   hardware, stock unknown, inactive.
 * Days back from the run date: 01-12 is 57 days (19 + 28 + 10), 02-10 is 28, 03-06 is 4, 03-09 is 1.
 */

export interface TileExpectation {
  /** The tile's data-value as a number or text; null when the tile is empty (data-value ''). */
  readonly value: number | string | null;
  /** The value as the tile shows it. */
  readonly text: string;
  /** The detail line under the value, for a tile that has one: its data-detail-value (null: none) and text. */
  readonly detail?: { readonly value: number | null; readonly text: string };
}

export interface DashboardKpiExpectation {
  readonly exposure: string;
  /** Tile id → expectation, in the order the tiles appear. */
  readonly tiles: Readonly<Record<string, TileExpectation>>;
}

/** 2,160 (O1) + 656.25 (O2); O3 is cancelled. */
const REVENUE = 2816.25;
/** 1,560 (O1) + 356.25 (O2). */
const PROFIT = 1916.25;

export const FIXTURE_DASHBOARD_KPIS: readonly DashboardKpiExpectation[] = [
  {
    exposure: 'sales_pipeline_dashboard',
    tiles: {
      // Only D1 is open: 24,000, one deal.
      open_pipeline: { value: 24000, text: '$24K', detail: { value: 1, text: '1 open deals' } },
      // D1: 24,000 x 60 / 100 = 14,400, which is 60% of 24,000.
      weighted_pipeline: { value: 14400, text: '$14.4K', detail: { value: 0.6, text: '60.0% of open pipeline' } },
      // Closed in the 12 months to March 2026: D2 won (March), D3 lost (February): 1 / 2 by count;
      // by amount 5,500 / (5,500 + 8,000) = 0.407407..., stored to four places as 0.4074.
      win_rate_12_months: { value: 0.5, text: '50.0%', detail: { value: 0.4074, text: '40.7% by amount' } },
      // Won in the last 12 months: D2 alone, 5,500 / 1.
      average_deal_size_12_months: { value: 5500, text: '$5.5K', detail: { value: 1, text: '1 deals won' } },
      // D2: created 02-01, closed 03-09: 28 + 8 = 36 days, one deal.
      average_sales_cycle_12_months: { value: 36, text: '36.0 days' },
      // Won from 2026-01-01 to 03-10: D2, 5,500.
      bookings_quarter_to_date: { value: 5500, text: '$5.5K', detail: { value: 1, text: '1 deals won' } },
    },
  },
  {
    exposure: 'sales_activity_dashboard',
    tiles: {
      // 30 days = 02-09 .. 03-10: AC2, AC3, AC4 (dated on the run date), AC6 = 4. The 30 days before
      // (01-10 .. 02-08) hold AC1 alone: 4 / 1 - 1 = +300%.
      activities_30_days: { value: 4, text: '4', detail: { value: 3, text: '+300.0% vs previous 30 days' } },
      // 84 days = 2025-12-17 .. 03-10: AC1, AC2, AC3, AC4, AC6 = 5, of which AC1, AC2, AC6 completed: 3 / 5.
      completion_rate_12_weeks: { value: 0.6, text: '60.0%', detail: { value: 3, text: '3 completed' } },
      // U1 has the same 5 activities in the last 84 days: 5 / 12 = 0.416667, stored to two places as
      // 0.42; U2's only activity is from 1997, so U1 is the one active rep: mean 0.42, shown 0.4.
      activities_per_rep_week: { value: 0.42, text: '0.4', detail: { value: 1, text: '1 active reps' } },
      // A1 (AC3) and A2 (AC2, AC4, AC6) of the 4 accounts: 2, 2 / 4 = 50%.
      accounts_touched_30_days: { value: 2, text: '2', detail: { value: 0.5, text: '50.0% of all accounts' } },
      // Activities per deal: D1 2 (AC1, AC3), D2 3 (AC2, AC4, AC6), D3 0. No deal has 6 or more, so the
      // rate is over nothing and the tile is empty; with fewer: D2 won, D3 lost, D1 open: 1 / 2.
      engaged_deal_win_rate: { value: null, text: '–', detail: { value: 0.5, text: '50.0% with fewer' } },
      // AC3, open and due one second before the run date.
      overdue_activities: { value: 1, text: '1' },
    },
  },
  {
    exposure: 'customer_support_dashboard',
    tiles: {
      // Not resolved at the run date: T3 (high) and T4 (medium); no urgent one.
      open_backlog: { value: 2, text: '2', detail: { value: 0, text: '0 urgent' } },
      // All four tickets are from the last 12 weeks. SLA verdicts: T1 missed, T2 met, T3 missed (T4 none
      // yet): 1 / 3, 2 breaches.
      sla_compliance_12_weeks: { value: 1 / 3, text: '33.3%', detail: { value: 2, text: '2 SLA breaches' } },
      // Responded: T1 0.5 h, T2 4 h, T3 1.25 h: 5.75 / 3 = 1.9166... h.
      first_response_hours_12_weeks: { value: 5.75 / 3, text: '1.9 h' },
      // Resolved: T1 6 h, T2 24 h: 30 / 2.
      resolution_hours_12_weeks: { value: 15, text: '15.0 h' },
      // Created 03-02 .. 03-09, all within 02-09 .. 03-10: 4. None in the 30 days before, so no change
      // can be computed and the detail is empty.
      tickets_opened_30_days: { value: 4, text: '4', detail: { value: null, text: '' } },
      // Resolved T1 (03-02) and T2 (03-04): 2, of 4 opened.
      tickets_solved_30_days: { value: 2, text: '2', detail: { value: 0.5, text: '50.0% of tickets opened' } },
    },
  },
  {
    exposure: 'revenue_analytics_dashboard',
    tiles: {
      // O1 (February) + O2 (March); no revenue in the 12 months before, so the detail is empty.
      revenue_12_months: { value: REVENUE, text: '$2.8K', detail: { value: null, text: '' } },
      // 2,816.25 / 2 revenue orders = 1,408.125.
      average_order_value_12_months: { value: REVENUE / 2, text: '$1.4K', detail: { value: 2, text: '2 orders' } },
      // O1 and O2 delivered of the 3 orders placed: 2 / 3; O3 cancelled.
      fulfillment_rate_12_months: { value: 2 / 3, text: '66.7%', detail: { value: 1, text: '1 cancelled or returned' } },
      // 1,916.25 / 2,816.25 = 0.6804...; both products have a cost.
      gross_margin_12_months: { value: PROFIT / REVENUE, text: '68.0%', detail: { value: PROFIT, text: '$1.9K gross profit' } },
      // Paying customers A1 (2,160) and A2 (656.25): 2,816.25 / 2.
      average_customer_lifetime_value: { value: REVENUE / 2, text: '$1.4K', detail: { value: 2, text: '2 paying customers' } },
      // software (P1, 2,160) over services (P2, 656.25): 2,160 / 2,816.25 = 0.76698... of revenue.
      top_category_12_months: { value: 'software', text: 'Software', detail: { value: 2160 / REVENUE, text: '76.7% of revenue' } },
    },
  },
  {
    exposure: 'customer_cohorts_dashboard',
    tiles: {
      // Revenue starts in February 2026 (O1): no month up to March 2026 has revenue in the 12 months before
      // its own 12, so trailing-twelve-month retention has no starting customers and the tiles are empty.
      net_revenue_retention_ttm: { value: null, text: '–', detail: { value: null, text: '' } },
      gross_revenue_retention_ttm: { value: null, text: '–' },
      logo_retention_ttm: { value: null, text: '–', detail: { value: null, text: '' } },
      // First revenue orders: A1 in February (O1), A2 in March (O2); both within April 2025 .. March 2026.
      new_customers_12_months: { value: 2, text: '2' },
    },
  },
  {
    exposure: 'account_health_dashboard',
    tiles: {
      // Risk points (recency + activity + urgent tickets + SLA breaches + revenue trend):
      // A1: last completed activity AC1 57 days ago (> 30) 10, one activity in 30 days (AC3) 8, no open
      //     urgent ticket 0, two breaches in 90 days (T1, T3) 14, no revenue before the last 90 days 0 = 32;
      // A2: touched 1 day ago 0, three activities 0, 0, T2 met and T4 has no verdict 0, 0 = 0;
      // A4 and A5: never touched 25, no activity 15, 0, 0, 0 = 40.
      // Health 100 - risk: 68, 100, 60, 60; mean 288 / 4 = 72.
      average_health_score: { value: 72, text: '72.0', detail: { value: 4, text: '4 accounts scored' } },
      // Risk 32, 0, 40, 40: no account at 75 or more.
      critical_accounts: { value: 0, text: '0' },
      // None from 50 to 74; A1, A4, A5 are medium (25-49).
      high_risk_accounts: { value: 0, text: '0', detail: { value: 3, text: '3 more at medium risk' } },
      // No high or critical account, so no pipeline at risk.
      pipeline_at_risk: { value: 0, text: '$0', detail: { value: 0, text: '0 open deals' } },
      // Likewise no revenue at risk, 0 of the 2,816.25 of the last 90 days.
      revenue_at_risk: { value: 0, text: '$0', detail: { value: 0, text: '0.0% of all revenue' } },
      // The only urgent ticket, T1, is solved.
      accounts_with_urgent_tickets: { value: 0, text: '0', detail: { value: 0, text: '0 urgent tickets open' } },
    },
  },
  {
    exposure: 'product_performance_dashboard',
    tiles: {
      // O1 + O2; units 2 + 3.
      product_revenue: { value: REVENUE, text: '$2.8K', detail: { value: 5, text: '5 units sold' } },
      // Margin P1 2,160 - 600 = 1,560, P2 656.25 - 300 = 356.25; P3 and P4 sold nothing (no margin).
      gross_margin: { value: PROFIT / REVENUE, text: '68.0%', detail: { value: PROFIT, text: '$1.9K margin' } },
      // O1 (28 days ago) and O2 (4 days ago) are both within 90 days.
      revenue_90_days: { value: REVENUE, text: '$2.8K', detail: { value: 5, text: '5 units sold' } },
      // P2: 5 in stock at reorder level 5.
      low_stock_products: { value: 1, text: '1' },
      // P1 50, P2 5, P3 20, P4 unknown: none at zero.
      out_of_stock_products: { value: 0, text: '0' },
      // P1, P2, P3 active (P4 not); P1 and P2 sold in the last 90 days.
      active_products: { value: 3, text: '3', detail: { value: 2, text: '2 sold in the last 90 days' } },
    },
  },
  {
    exposure: 'sales_forecast_report',
    tiles: {
      // D1, expected 03-31 (week of 03-30, 3 weeks ahead): 24,000 x 60 / 100.
      weighted_forecast: { value: 14400, text: '$14.4K', detail: { value: 1, text: '1 deals expected' } },
      // D1's probability 60 is below the commit threshold 75.
      committed_forecast: { value: 0, text: '$0', detail: { value: 0, text: '0 committed deals' } },
      // D1's full amount.
      expected_close_amount: { value: 24000, text: '$24K' },
      // D1 is expected after the run date; D2 was expected 03-05 but is closed.
      slipped_deals: { value: 0, text: '0', detail: { value: 0, text: '$0 overdue' } },
      // The weeks before the run date's week (2025-12-15 .. 2026-03-08): D2 was won on 03-09, in the run
      // date's week, and D3 was lost: nothing won.
      won_12_weeks: { value: 0, text: '$0', detail: { value: 0, text: '0 deals won' } },
      // End of 03-10: D1 (negotiation since 03-01) 24,000; D2 left proposal on 03-09. End of 02-08, 30
      // days before: D1 in proposal, D2 in qualification, D3 in negotiation: 24,000 + 5,500 + 8,000 =
      // 37,500. 24,000 / 37,500 - 1 = -0.36.
      pipeline_change_30_days: { value: 24000, text: '$24K', detail: { value: -0.36, text: '-36.0% vs 30 days ago' } },
    },
  },
  {
    exposure: 'customer_360_view',
    tiles: {
      // A1, A2, A4, A5; A1 and A2 have revenue orders.
      accounts: { value: 4, text: '4', detail: { value: 2, text: '2 paying customers' } },
      // (2,160 + 656.25) / 2.
      average_lifetime_value: { value: REVENUE / 2, text: '$1.4K' },
      // Risk bands medium, low, medium, medium: none high or critical.
      accounts_needing_attention: { value: 0, text: '0' },
      // A4 and A5 have no activity; A1's AC1 (57 days) and AC3, and A2's, are within 90 days.
      accounts_without_recent_touch: { value: 2, text: '2' },
    },
  },
];

/**
 * The Customer 360 account tiles of two accounts: A1, the largest customer (lifetime value 2,160 over
 * A2's 656.25), which the view opens on, and A5, a new prospect with nothing yet, whose rates are empty.
 */
export const FIXTURE_ACCOUNT_TILES: Readonly<Record<string, Readonly<Record<string, TileExpectation>>>> = {
  A1: {
    // O1 2,160; O3 is cancelled.
    lifetime_value: { value: 2160, text: '$2.2K' },
    // D1.
    open_pipeline: { value: 24000, text: '$24K' },
    // D3 was lost; D2 belongs to A2.
    won_amount: { value: 0, text: '$0' },
    // 0 won / (0 + 1 lost).
    win_rate: { value: 0, text: '0.0%' },
    // 2,160 / 1 revenue order.
    average_order_value: { value: 2160, text: '$2.2K' },
    // O1 delivered, O3 cancelled: 1 / 2.
    fulfillment_rate: { value: 0.5, text: '50.0%' },
    // AC1 (57 days) and AC3 (1 day).
    activities_90_days: { value: 2, text: '2' },
    // Last completed activity AC1 on 01-12 (AC3 is open).
    days_since_touch: { value: 57, text: '57' },
    // T3, pending.
    open_tickets: { value: 1, text: '1' },
    // T1 and T3 both missed their SLA: 0 / 2.
    sla_compliance: { value: 0, text: '0.0%' },
  },
  A5: {
    // No orders, deals, activities or tickets: the amounts and counts are zero, every rate and the
    // recency are empty.
    lifetime_value: { value: 0, text: '$0' },
    open_pipeline: { value: 0, text: '$0' },
    won_amount: { value: 0, text: '$0' },
    win_rate: { value: null, text: '–' },
    average_order_value: { value: null, text: '–' },
    fulfillment_rate: { value: null, text: '–' },
    activities_90_days: { value: 0, text: '0' },
    days_since_touch: { value: null, text: '–' },
    open_tickets: { value: 0, text: '0' },
    sla_compliance: { value: null, text: '–' },
  },
};
