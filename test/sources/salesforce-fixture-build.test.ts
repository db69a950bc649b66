/**
 * The hand-checked Salesforce fixture (test/fixtures/salesforce-landing): Salesforce objects over two
 * ingest days, built by the real project with crm_source salesforce, run date 2026-03-10. Every
 * expected value is worked out from the CSV files by hand.
 *
 * - Day 2026-03-08: users 005U1 (manager) and 005U2; accounts 001A1 Acme and 001A2 Globex; contact
 *   003C1; product 01tP1 at 100.00; opportunities 006D1 (Closed Won), 006D2 (Closed Lost), 006D3
 *   (Proposal/Price Quote, 75%), 006D4 (Prospecting) and their history; line items 00kL1 (006D1) and
 *   00kL2 (006D3), both for product 01tP1; a completed call 00TT1 (330 s)
 *   and a to-do 00TT2 for a lead; cases 500K1 (Working) and 500K2 (closed 3.5 h after it opened);
 *   a draft order 801O1 with one line 802I1 (2 × 100.00).
 * - Day 2026-03-09: Globex and 006D4 deleted (IsDeleted, newer SystemModstamp), 00TT2 deleted; 006D3
 *   moves back to Needs Analysis (20%) and loses its line item 00kL2 (deleted); the price goes up to
 *   120.00; the order is activated; the
 *   events 00UE1 (ended the day before the run date) and 00UE2 (after it); and re-extracts of 001A1,
 *   006D1 and 006D1's history rows.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../lib/engines/engine.ts';
import { buildRealProject, errorsOf, type BuiltWarehouse } from '../models/warehouse-build.ts';

const LANDING = fileURLToPath(new URL('../fixtures/salesforce-landing', import.meta.url));

let built: BuiltWarehouse;

beforeAll(async () => {
  built = await buildRealProject(LANDING, { run_date: '2026-03-10', crm_source: 'salesforce' });
}, 120_000);

afterAll(async () => {
  await built?.engine.close();
});

function rowsOf(sql: string): Promise<Row[]> {
  return built.engine.query(sql);
}

describe('the Salesforce fixture build', () => {
  it('lands only Salesforce objects, loads every file and builds with no error', () => {
    expect(built.plan.sources.every((source) => source.sourceName === 'salesforce')).toBe(true);
    expect(built.load.totals).toMatchObject({ files: 20, rowsLoaded: 41, rowsRejected: 0 });
    expect(errorsOf(built.result)).toEqual([]);
    expect(built.result.success).toBe(true);
  });

  it('closes deals by IsClosed/IsWon, drops the deleted one and takes the latest version of the backward move', async () => {
    expect(await rowsOf('select deal_id, stage, stage_order, is_won, is_lost, probability, amount, closed_at, product_id from staging.stg_crm_deals order by deal_id')).toEqual([
      { deal_id: '006D1', stage: 'closed_won', stage_order: 5, is_won: true, is_lost: false, probability: 100, amount: 1000, closed_at: '2026-03-05T00:00:00.000Z', product_id: '01tP1' },
      // No line item.
      { deal_id: '006D2', stage: 'closed_lost', stage_order: 6, is_won: false, is_lost: true, probability: 0, amount: 500, closed_at: '2026-03-06T00:00:00.000Z', product_id: null },
      // Its line item was deleted on day 2.
      { deal_id: '006D3', stage: 'qualification', stage_order: 2, is_won: false, is_lost: false, probability: 20, amount: 2000, closed_at: null, product_id: null },
    ]);
  });

  it('keeps only stage changes of OpportunityHistory, once each, with the backward move', async () => {
    expect(await rowsOf('select change_id, deal_id, from_stage, to_stage, changed_by from staging.stg_crm_deal_stage_changes order by change_id')).toEqual([
      { change_id: '008H1', deal_id: '006D1', from_stage: null, to_stage: 'prospecting', changed_by: '005U2' },
      { change_id: '008H2', deal_id: '006D1', from_stage: 'prospecting', to_stage: 'closed_won', changed_by: '005U2' },
      { change_id: '008H3', deal_id: '006D2', from_stage: null, to_stage: 'prospecting', changed_by: '005U2' },
      { change_id: '008H4', deal_id: '006D2', from_stage: 'prospecting', to_stage: 'closed_lost', changed_by: '005U2' },
      // 008H6 changed only the amount: not a stage change.
      { change_id: '008H5', deal_id: '006D3', from_stage: null, to_stage: 'prospecting', changed_by: '005U2' },
      { change_id: '008H7', deal_id: '006D3', from_stage: 'prospecting', to_stage: 'proposal', changed_by: '005U2' },
      { change_id: '008H8', deal_id: '006D3', from_stage: 'proposal', to_stage: 'qualification', changed_by: '005U1' },
      { change_id: '008H9', deal_id: '006D4', from_stage: null, to_stage: 'prospecting', changed_by: '005U2' },
    ]);
  });

  it('drops the deleted account and maps Type onto the contract', async () => {
    expect(await rowsOf('select account_id, account_name, account_type, industry, country, owner_id from staging.stg_crm_accounts order by account_id')).toEqual([
      { account_id: '001A1', account_name: 'Acme Corp', account_type: 'customer', industry: 'technology', country: 'Germany', owner_id: '005U2' },
    ]);
  });

  it('maps tasks and events onto activities: subtype, polymorphic ids, deleted task left out, an event completed once ended', async () => {
    expect(
      await rowsOf('select activity_id, activity_type, contact_id, deal_id, duration_minutes, is_completed, activity_at from staging.stg_crm_activities order by activity_id'),
    ).toEqual([
      // 330 s is 5.5 min, rounded half up.
      { activity_id: '00TT1', activity_type: 'call', contact_id: '003C1', deal_id: '006D1', duration_minutes: 6, is_completed: true, activity_at: '2026-02-02T15:00:00.000Z' },
      { activity_id: '00UE1', activity_type: 'meeting', contact_id: '003C1', deal_id: '006D3', duration_minutes: 60, is_completed: true, activity_at: '2026-03-09T11:00:00.000Z' },
      // WhatId 001A1 is an account, not an opportunity.
      { activity_id: '00UE2', activity_type: 'meeting', contact_id: '003C1', deal_id: null, duration_minutes: 30, is_completed: false, activity_at: '2026-03-12T10:00:00.000Z' },
    ]);
  });

  it('maps cases onto tickets: Working is open, a closed case is resolved at ClosedDate', async () => {
    expect(await rowsOf('select ticket_id, priority, status, channel, is_resolved, resolution_hours from staging.stg_crm_tickets order by ticket_id')).toEqual([
      { ticket_id: '500K1', priority: 'high', status: 'open', channel: 'phone', is_resolved: false, resolution_hours: null },
      { ticket_id: '500K2', priority: 'low', status: 'closed', channel: 'email', is_resolved: true, resolution_hours: 3.5 },
    ]);
  });

  it('takes the product price from the latest price book entry and the order status from the latest order', async () => {
    expect(await rowsOf('select product_id, product_name, category, unit_price, unit_cost from staging.stg_crm_products')).toEqual([
      { product_id: '01tP1', product_name: 'Widget Pro', category: 'hardware', unit_price: 120, unit_cost: null },
    ]);
    expect(await rowsOf('select order_id, account_id, contact_id, product_id, status, quantity, net_amount, updated_at from staging.stg_crm_orders')).toEqual([
      { order_id: '802I1', account_id: '001A1', contact_id: '003C1', product_id: '01tP1', status: 'processing', quantity: 2, net_amount: 200, updated_at: '2026-03-09T10:00:00.000Z' },
    ]);
  });

  it('carries users with their managers into the dimensions, and the won deal into the facts', async () => {
    expect(await rowsOf('select user_id, manager_id, team, region, email from staging.stg_crm_users order by user_id')).toEqual([
      { user_id: '005U1', manager_id: null, team: 'Enterprise', region: 'EMEA', email: 'maria@example.com' },
      { user_id: '005U2', manager_id: '005U1', team: 'Enterprise', region: 'EMEA', email: 'rick@example.com' },
    ]);
    expect(await rowsOf('select deal_id, is_won from analytics.fact_deals order by deal_id')).toEqual([
      { deal_id: '006D1', is_won: true },
      { deal_id: '006D2', is_won: false },
      { deal_id: '006D3', is_won: false },
    ]);
  });
});
