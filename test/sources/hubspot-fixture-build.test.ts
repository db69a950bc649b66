/**
 * The hand-checked HubSpot fixture (test/fixtures/hubspot-landing): HubSpot objects over two ingest
 * days, built by the real project with crm_source hubspot, run date 2026-03-10. Every expected value
 * is worked out from the CSV files by hand.
 *
 * - Day 2026-03-08: owners 101 and 102; companies 2001 Acme (lifecycle stage customer) and 2002 Globex;
 *   contact 3001; products 4001 and the archived 4002; deals 5001 (closedwon), 5002 (closedlost), 5003
 *   (contractsent, 0.9) and 5004 with their dealstage history (5003 re-saved in the same stage once);
 *   a call 6001 (330,000 ms), a task 6002, a note 6003; tickets 7001-7003 in stages 3, 4 and 2; line
 *   items 8001 (won deal, 10% off), 8002 (open deal) and 8003 (lost deal).
 * - Day 2026-03-09: Globex, 5004 and 6002 archived; owner 102 archived; 5003 moves back to
 *   qualifiedtobuy (0.4); a meeting 6004 that ended before the run date and a completed task 6005;
 *   re-extracts of 2001, 5001 and 5001's whole stage history.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../lib/engines/engine.ts';
import { buildRealProject, errorsOf, type BuiltWarehouse } from '../models/warehouse-build.ts';

const LANDING = fileURLToPath(new URL('../fixtures/hubspot-landing', import.meta.url));

let built: BuiltWarehouse;

beforeAll(async () => {
  built = await buildRealProject(LANDING, { run_date: '2026-03-10', crm_source: 'hubspot' });
}, 120_000);

afterAll(async () => {
  await built?.engine.close();
});

function rowsOf(sql: string): Promise<Row[]> {
  return built.engine.query(sql);
}

describe('the HubSpot fixture build', () => {
  it('lands only HubSpot objects, loads every file and builds with no error', () => {
    expect(built.plan.sources.every((source) => source.sourceName === 'hubspot')).toBe(true);
    expect(built.load.totals).toMatchObject({ files: 14, rowsLoaded: 40, rowsRejected: 0 });
    expect(errorsOf(built.result)).toEqual([]);
    expect(built.result.success).toBe(true);
  });

  it('closes deals by hs_is_closed/hs_is_closed_won, drops the archived one, probability as a percentage', async () => {
    expect(await rowsOf('select deal_id, stage, is_won, is_lost, probability, expected_close_date, closed_at from staging.stg_crm_deals order by deal_id')).toEqual([
      { deal_id: '5001', stage: 'closed_won', is_won: true, is_lost: false, probability: 100, expected_close_date: '2026-03-05', closed_at: '2026-03-05T16:00:00.000Z' },
      { deal_id: '5002', stage: 'closed_lost', is_won: false, is_lost: true, probability: 0, expected_close_date: '2026-03-06', closed_at: '2026-03-06T12:00:00.000Z' },
      { deal_id: '5003', stage: 'qualification', is_won: false, is_lost: false, probability: 40, expected_close_date: '2026-04-30', closed_at: null },
    ]);
  });

  it('turns the dealstage history into stage changes: a re-save is none, the backward move is one, a re-extract counts once', async () => {
    expect(await rowsOf('select change_id, from_stage, to_stage, changed_by from staging.stg_crm_deal_stage_changes order by change_id')).toEqual([
      { change_id: '5001-1769936400', from_stage: null, to_stage: 'prospecting', changed_by: '102' },
      { change_id: '5001-1772726400', from_stage: 'prospecting', to_stage: 'closed_won', changed_by: '102' },
      { change_id: '5002-1769938200', from_stage: null, to_stage: 'prospecting', changed_by: '102' },
      { change_id: '5002-1772798400', from_stage: 'prospecting', to_stage: 'closed_lost', changed_by: '102' },
      // Change ids are the deal and the Unix second entered (2026-02-01T09:00:00Z is 1769936400).
      // 5003 set appointmentscheduled again on 2026-02-03: not a change.
      { change_id: '5003-1769940000', from_stage: null, to_stage: 'prospecting', changed_by: '102' },
      { change_id: '5003-1770717600', from_stage: 'prospecting', to_stage: 'negotiation', changed_by: '102' },
      { change_id: '5003-1773054000', from_stage: 'negotiation', to_stage: 'qualification', changed_by: '101' },
      { change_id: '5004-1772359200', from_stage: null, to_stage: 'prospecting', changed_by: '102' },
    ]);
  });

  it('drops the archived company; lifecycle stage customer makes a customer', async () => {
    expect(await rowsOf('select account_id, account_name, account_type, owner_id from staging.stg_crm_accounts order by account_id')).toEqual([
      { account_id: '2001', account_name: 'Acme Corp', account_type: 'customer', owner_id: '102' },
    ]);
  });

  it('maps engagements by type: the archived task left out, a note done when logged, a meeting done once ended', async () => {
    expect(await rowsOf('select activity_id, activity_type, deal_id, duration_minutes, is_completed, activity_at from staging.stg_crm_activities order by activity_id')).toEqual([
      // 330,000 ms is 5.5 min, rounded half up.
      { activity_id: '6001', activity_type: 'call', deal_id: '5001', duration_minutes: 6, is_completed: true, activity_at: '2026-02-02T15:00:00.000Z' },
      { activity_id: '6003', activity_type: 'note', deal_id: null, duration_minutes: null, is_completed: true, activity_at: '2026-03-03T08:00:00.000Z' },
      { activity_id: '6004', activity_type: 'meeting', deal_id: '5003', duration_minutes: 60, is_completed: true, activity_at: '2026-03-09T11:00:00.000Z' },
      { activity_id: '6005', activity_type: 'task', deal_id: '5003', duration_minutes: null, is_completed: true, activity_at: '2026-03-09T16:30:00.000Z' },
    ]);
  });

  it('maps ticket pipeline stages onto statuses, with first response and resolution times', async () => {
    expect(await rowsOf('select ticket_id, priority, status, channel, first_response_hours, resolution_hours from staging.stg_crm_tickets order by ticket_id')).toEqual([
      { ticket_id: '7001', priority: 'high', status: 'open', channel: 'phone', first_response_hours: 1, resolution_hours: null },
      { ticket_id: '7002', priority: 'low', status: 'closed', channel: 'email', first_response_hours: 1.25, resolution_hours: 3.5 },
      { ticket_id: '7003', priority: 'medium', status: 'pending', channel: 'chat', first_response_hours: 0.5, resolution_hours: null },
    ]);
  });

  it('line items are orders with their deal: won processing at close, open pending, lost cancelled; the archived product is gone', async () => {
    expect(await rowsOf('select order_id, contact_id, status, discount_amount, net_amount, ordered_at, updated_at from staging.stg_crm_orders order by order_id')).toEqual([
      { order_id: '8001', contact_id: '3001', status: 'processing', discount_amount: 20, net_amount: 180, ordered_at: '2026-03-05T16:00:00.000Z', updated_at: '2026-03-05T16:00:00.000Z' },
      { order_id: '8002', contact_id: '3001', status: 'pending', discount_amount: 0, net_amount: 500, ordered_at: '2026-02-10T10:00:00.000Z', updated_at: '2026-03-09T11:00:00.000Z' },
      { order_id: '8003', contact_id: null, status: 'cancelled', discount_amount: 0, net_amount: 100, ordered_at: '2026-02-10T10:00:00.000Z', updated_at: '2026-03-06T12:00:00.000Z' },
    ]);
    expect(await rowsOf('select product_id, unit_price, unit_cost, margin_pct from staging.stg_crm_products')).toEqual([{ product_id: '4001', unit_price: 100, unit_cost: 60, margin_pct: 40 }]);
  });

  it('owners are users, an archived owner inactive but kept; the won deal reaches the facts', async () => {
    expect(await rowsOf('select user_id, full_name, email, team, is_active from staging.stg_crm_users order by user_id')).toEqual([
      { user_id: '101', full_name: 'Maria Manager', email: 'maria@example.com', team: 'Enterprise', is_active: true },
      { user_id: '102', full_name: 'Rick Rep', email: 'rick@example.com', team: 'Enterprise', is_active: false },
    ]);
    expect(await rowsOf('select deal_id, is_won from analytics.fact_deals order by deal_id')).toEqual([
      { deal_id: '5001', is_won: true },
      { deal_id: '5002', is_won: false },
      { deal_id: '5003', is_won: false },
    ]);
  });
});
