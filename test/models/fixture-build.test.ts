/**
 * The hand-checked fixture: a tiny landing folder (test/fixtures/crm-landing) over two ingest days,
 * built by the real project, with every column of every fact row below worked out by hand from the
 * CSV files, not copied from a run. Run date 2026-03-10 (midnight), so open records age to it.
 *
 * What the folder holds:
 * - day 2026-03-08: users U1-U3, accounts A1-A2, contacts C1-C2, products P1-P2, deals D1-D4 with their
 *   stage changes, activity AC1, tickets T1-T3, orders O1-O2;
 * - day 2026-03-09: re-extracts with a newer updated_at (deal D2 won, ticket T3 pending, order O2
 *   delivered, account A2 renamed), a deletion (deal D4), and new rows (stage change CH8, AC2, T4, O3).
 * Deals D1 and D3 move backwards once each; ticket T1 breaches its 4 h urgent SLA and open ticket T3
 * its 8 h high SLA; orders O1 and O2 carry discounts.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../lib/engines/engine.ts';
import { buildRealProject, errorsOf, type BuiltWarehouse } from './warehouse-build.ts';

const LANDING = fileURLToPath(new URL('../fixtures/crm-landing', import.meta.url));

let built: BuiltWarehouse;

beforeAll(async () => {
  built = await buildRealProject(LANDING, { run_date: '2026-03-10' });
});

afterAll(async () => {
  await built?.engine.close();
});

function rowsOf(relation: string, key: string): Promise<Row[]> {
  return built.engine.query(`select * from ${relation} order by ${key}`);
}

describe('the full build of the hand-checked fixture', () => {
  it('loads every file without a rejected row and builds with no error', () => {
    expect(built.load.totals).toMatchObject({ files: 15, rowsRejected: 0 });
    expect(errorsOf(built.result)).toEqual([]);
    expect(built.result.success).toBe(true);
    expect(built.result.counts.skip).toBe(0);
  });

  it('runs and passes the project unit tests first', () => {
    const unitTests = built.result.results.filter((node) => node.resourceType === 'unit_test');
    expect(unitTests.length).toBe(built.plan.unitTests?.length);
    expect(unitTests.every((node) => node.status === 'pass')).toBe(true);
    expect(built.result.results.slice(0, unitTests.length).every((node) => node.resourceType === 'unit_test')).toBe(true);
  });

  it('builds fact_deals: latest versions, deleted D4 gone, weighted amounts, cycle and age in days, stage moves', async () => {
    expect(await rowsOf('analytics.fact_deals', 'deal_id')).toEqual([
      {
        deal_id: 'D1',
        account_id: 'A1',
        contact_id: 'C1',
        owner_id: 'U1',
        product_id: 'P1',
        deal_name: 'Acme expansion',
        stage: 'negotiation',
        stage_order: 4,
        amount: 24000,
        probability: 60,
        weighted_amount: 14400, // 24000 x 60 / 100
        sales_cycle_days: null, // open
        age_days: 59, // Jan 10 -> Mar 10: 31 + 28
        stage_change_count: 4, // CH2..CH5
        backward_move_count: 1, // CH4 proposal -> qualification
        is_closed: false,
        is_won: false,
        is_lost: false,
        is_overdue: false, // expected Mar 31, after the run date
        created_date: '2026-01-10',
        created_date_key: 20260110,
        expected_close_date: '2026-03-31',
        expected_close_date_key: 20260331,
        closed_date: null,
        closed_date_key: null,
        created_at: '2026-01-10T09:00:00.000Z',
        closed_at: null,
        last_stage_change_at: '2026-03-01T10:00:00.000Z',
      },
      {
        deal_id: 'D2',
        account_id: 'A2',
        contact_id: 'C2',
        owner_id: 'U1',
        product_id: 'P2',
        deal_name: 'Globex pilot',
        stage: 'closed_won', // day 2 re-extract wins over day 1's proposal
        stage_order: 5,
        amount: 5500,
        probability: 100,
        weighted_amount: 5500,
        sales_cycle_days: 36, // Feb 1 -> Mar 9: 28 + 8
        age_days: 37, // Feb 1 -> Mar 10
        stage_change_count: 2, // CH7, CH8
        backward_move_count: 0,
        is_closed: true,
        is_won: true,
        is_lost: false,
        is_overdue: false, // expected Mar 5 but closed
        created_date: '2026-02-01',
        created_date_key: 20260201,
        expected_close_date: '2026-03-05',
        expected_close_date_key: 20260305,
        closed_date: '2026-03-09',
        closed_date_key: 20260309,
        created_at: '2026-02-01T08:00:00.000Z',
        closed_at: '2026-03-09T15:00:00.000Z',
        last_stage_change_at: '2026-03-09T15:00:00.000Z',
      },
      {
        deal_id: 'D3',
        account_id: 'A1',
        contact_id: 'C1',
        owner_id: 'U1',
        product_id: 'P1',
        deal_name: 'Acme renewal',
        stage: 'closed_lost',
        stage_order: 6,
        amount: 8000,
        probability: 0,
        weighted_amount: 0,
        sales_cycle_days: 46, // Jan 5 -> Feb 20: 31 + 15
        age_days: 64, // Jan 5 -> Mar 10: 31 + 28 + 5
        stage_change_count: 3, // CH10..CH12
        backward_move_count: 1, // CH11 negotiation -> proposal
        is_closed: true,
        is_won: false,
        is_lost: true,
        is_overdue: false,
        created_date: '2026-01-05',
        created_date_key: 20260105,
        expected_close_date: '2026-02-15',
        expected_close_date_key: 20260215,
        closed_date: '2026-02-20',
        closed_date_key: 20260220,
        created_at: '2026-01-05T10:00:00.000Z',
        closed_at: '2026-02-20T10:00:00.000Z',
        last_stage_change_at: '2026-02-20T10:00:00.000Z',
      },
    ]);
  });

  it('builds fact_deal_stage_history: one row per stage entered, backward moves, days in stage to the next change or the run date', async () => {
    const stage = (
      change_id: string,
      deal_id: string,
      changed_by: string,
      stage: string,
      previous_stage: string | null,
      movement: string,
      change_sequence: number,
      stage_order: number,
      previous_stage_order: number | null,
      valid_from_date_key: number,
      days_in_stage: number,
      valid_from: string,
      valid_to: string | null,
    ): Row => ({
      change_id,
      deal_id,
      changed_by,
      stage,
      previous_stage,
      // The export's from_stage agrees with the history in this fixture (empty on a deal's first row).
      recorded_from_stage: previous_stage,
      movement,
      change_sequence,
      stage_order,
      previous_stage_order,
      valid_from_date_key,
      days_in_stage,
      is_current: valid_to === null,
      valid_from,
      valid_to,
    });
    expect(await rowsOf('analytics.fact_deal_stage_history', 'deal_id, change_sequence')).toEqual([
      stage('CH1', 'D1', 'U1', 'prospecting', null, 'Initial', 1, 1, null, 20260110, 10, '2026-01-10T09:00:00.000Z', '2026-01-20T14:00:00.000Z'),
      stage('CH2', 'D1', 'U1', 'qualification', 'prospecting', 'Forward', 2, 2, 1, 20260120, 16, '2026-01-20T14:00:00.000Z', '2026-02-05T11:00:00.000Z'),
      stage('CH3', 'D1', 'U1', 'proposal', 'qualification', 'Forward', 3, 3, 2, 20260205, 7, '2026-02-05T11:00:00.000Z', '2026-02-12T16:30:00.000Z'),
      stage('CH4', 'D1', 'U1', 'qualification', 'proposal', 'Backward', 4, 2, 3, 20260212, 17, '2026-02-12T16:30:00.000Z', '2026-03-01T10:00:00.000Z'),
      stage('CH5', 'D1', 'U1', 'negotiation', 'qualification', 'Forward', 5, 4, 2, 20260301, 9, '2026-03-01T10:00:00.000Z', null),
      stage('CH6', 'D2', 'U1', 'qualification', null, 'Initial', 1, 2, null, 20260201, 19, '2026-02-01T08:00:00.000Z', '2026-02-20T09:30:00.000Z'),
      stage('CH7', 'D2', 'U1', 'proposal', 'qualification', 'Forward', 2, 3, 2, 20260220, 17, '2026-02-20T09:30:00.000Z', '2026-03-09T15:00:00.000Z'),
      stage('CH8', 'D2', 'U1', 'closed_won', 'proposal', 'Forward', 3, 5, 3, 20260309, 1, '2026-03-09T15:00:00.000Z', null),
      stage('CH9', 'D3', 'U1', 'proposal', null, 'Initial', 1, 3, null, 20260105, 27, '2026-01-05T10:00:00.000Z', '2026-02-01T10:00:00.000Z'),
      stage('CH10', 'D3', 'U3', 'negotiation', 'proposal', 'Forward', 2, 4, 3, 20260201, 9, '2026-02-01T10:00:00.000Z', '2026-02-10T10:00:00.000Z'),
      stage('CH11', 'D3', 'U3', 'proposal', 'negotiation', 'Backward', 3, 3, 4, 20260210, 10, '2026-02-10T10:00:00.000Z', '2026-02-20T10:00:00.000Z'),
      stage('CH12', 'D3', 'U1', 'closed_lost', 'proposal', 'Forward', 4, 6, 3, 20260220, 18, '2026-02-20T10:00:00.000Z', null),
      // CH13 belongs to the deleted deal D4 and is left out.
    ]);
  });

  it('builds fact_tickets: response and resolution hours, SLA met, breached when resolved late or open past the target', async () => {
    expect(await rowsOf('analytics.fact_tickets', 'ticket_id')).toEqual([
      {
        ticket_id: 'T1',
        account_id: 'A1',
        contact_id: 'C1',
        priority: 'urgent',
        status: 'solved',
        channel: 'email',
        first_response_hours: 0.5,
        resolution_hours: 6, // 08:00 -> 14:00
        sla_target_hours: 4,
        is_open: false,
        is_resolved: true,
        is_sla_met: false, // 6 h > 4 h
        created_date: '2026-03-02',
        created_date_key: 20260302,
        resolved_date: '2026-03-02',
        created_at: '2026-03-02T08:00:00.000Z',
        first_response_at: '2026-03-02T08:30:00.000Z',
        resolved_at: '2026-03-02T14:00:00.000Z',
      },
      {
        ticket_id: 'T2',
        account_id: 'A2',
        contact_id: 'C2',
        priority: 'low',
        status: 'closed',
        channel: 'phone',
        first_response_hours: 4,
        resolution_hours: 24,
        sla_target_hours: 72,
        is_open: false,
        is_resolved: true,
        is_sla_met: true,
        created_date: '2026-03-03',
        created_date_key: 20260303,
        resolved_date: '2026-03-04',
        created_at: '2026-03-03T09:00:00.000Z',
        first_response_at: '2026-03-03T13:00:00.000Z',
        resolved_at: '2026-03-04T09:00:00.000Z',
      },
      {
        ticket_id: 'T3',
        account_id: 'A1',
        contact_id: 'C1',
        priority: 'high',
        status: 'pending', // day 2 re-extract
        channel: 'chat',
        first_response_hours: 1.25,
        resolution_hours: null,
        sla_target_hours: 8,
        is_open: true,
        is_resolved: false,
        is_sla_met: false, // open 38 h at the run date, target 8 h
        created_date: '2026-03-08',
        created_date_key: 20260308,
        resolved_date: null,
        created_at: '2026-03-08T10:00:00.000Z',
        first_response_at: '2026-03-08T11:15:00.000Z',
        resolved_at: null,
      },
      {
        ticket_id: 'T4',
        account_id: 'A2',
        contact_id: 'C2',
        priority: 'medium',
        status: 'open',
        channel: 'web',
        first_response_hours: null,
        resolution_hours: null,
        sla_target_hours: 24,
        is_open: true,
        is_resolved: false,
        is_sla_met: null, // open 6 h, still within 24 h
        created_date: '2026-03-09',
        created_date_key: 20260309,
        resolved_date: null,
        created_at: '2026-03-09T18:00:00.000Z',
        first_response_at: null,
        resolved_at: null,
      },
    ]);
  });

  it('builds fact_orders: gross, discount, net, cost and profit, fulfilment days, latest status', async () => {
    expect(await rowsOf('analytics.fact_orders', 'order_id')).toEqual([
      {
        order_id: 'O1',
        account_id: 'A1',
        contact_id: 'C1',
        product_id: 'P1',
        status: 'delivered',
        quantity: 2,
        unit_price: 1200,
        discount_pct: 10,
        gross_amount: 2400, // 2 x 1200
        discount_amount: 240, // 10 %
        net_amount: 2160,
        cost_amount: 600, // 2 x 300
        profit_amount: 1560,
        days_to_ship: 1,
        days_to_deliver: 4,
        is_fulfilled: true,
        is_cancelled_or_returned: false,
        order_date: '2026-02-10',
        order_date_key: 20260210,
        ordered_at: '2026-02-10T10:00:00.000Z',
        shipped_at: '2026-02-11T09:00:00.000Z',
        delivered_at: '2026-02-14T16:00:00.000Z',
      },
      {
        order_id: 'O2',
        account_id: 'A2',
        contact_id: 'C2',
        product_id: 'P2',
        status: 'delivered', // day 2 re-extract
        quantity: 3,
        unit_price: 250,
        discount_pct: 12.5,
        gross_amount: 750,
        discount_amount: 93.75, // 12.5 % of 750
        net_amount: 656.25,
        cost_amount: 300, // 3 x 100
        profit_amount: 356.25,
        days_to_ship: 1,
        days_to_deliver: 3,
        is_fulfilled: true,
        is_cancelled_or_returned: false,
        order_date: '2026-03-06',
        order_date_key: 20260306,
        ordered_at: '2026-03-06T12:00:00.000Z',
        shipped_at: '2026-03-07T08:00:00.000Z',
        delivered_at: '2026-03-09T11:00:00.000Z',
      },
      {
        order_id: 'O3',
        account_id: 'A1',
        contact_id: 'C1',
        product_id: 'P2',
        status: 'cancelled',
        quantity: 1,
        unit_price: 250,
        discount_pct: 0, // empty in the extract
        gross_amount: 250,
        discount_amount: 0,
        net_amount: 250,
        cost_amount: 100,
        profit_amount: 150,
        days_to_ship: null,
        days_to_deliver: null,
        is_fulfilled: false,
        is_cancelled_or_returned: true,
        order_date: '2026-03-09',
        order_date_key: 20260309,
        ordered_at: '2026-03-09T09:30:00.000Z',
        shipped_at: null,
        delivered_at: null,
      },
    ]);
  });
});
