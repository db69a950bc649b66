/**
 * The hand-checked fixture: a tiny landing folder (test/fixtures/crm-landing) over two ingest days,
 * built by the real project, with every column of every dimension and fact row below worked out by
 * hand from the CSV files, not copied from a run. Run date 2026-03-10 (midnight), so open records
 * age to it.
 *
 * What the folder holds:
 * - day 2026-03-08 (`<table>.csv`): users U1-U5, accounts A1-A4, contacts C1-C4, products P1-P3, deals
 *   D1-D4 with their stage changes, activities AC1 and AC3, tickets T1-T3, orders O1-O2;
 * - day 2026-03-09 (`<table>.csv`, then `<table>.part2.csv`, which sorts after it): re-extracts with a
 *   newer updated_at (deal D2 won, ticket T3 pending, order O2 delivered, account A2 renamed, user U4
 *   deactivated, product P2 restocked), deletions (deal D4, account A3, contact C3), and new rows
 *   (stage change CH8, AC2 and AC4-AC6, T4, O3, A5, C5, U6, P4). AC5 was created in 1997 (a legacy
 *   import), so the calendar spans more than 10,000 days.
 * Every staging dedup rule is exercised. An older version arriving in a later file loses (A1, C2, U1,
 * P1, D1, AC1, T1, O1: day 2 carries a stale copy with an older updated_at). A tie on updated_at goes
 * to the later ingest date (A4, C4, U5, P3, D3, AC3, T2, O1; CH7, whose copies have no updated_at):
 * the day-1 copy differs. A tie on the day goes to the later file (A5, C5, U6, P4, D2, AC4, T4, O3,
 * CH8): the `<table>.csv` copy differs. Orphans: account A4's owner U9, contact C5's account A9, user
 * U5's manager U9.
 * Deals D1 and D3 move backwards once each; ticket T1 breaches its 4 h urgent SLA and open ticket T3
 * its 8 h high SLA; orders O1 and O2 carry discounts; open activity AC3 is due one second before the
 * run date (overdue), AC4 exactly at it (not overdue).
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
    expect(built.load.totals).toMatchObject({ files: 27, rowsRejected: 0 });
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

  it('builds dim_accounts: latest live versions, bands at their thresholds, owners known or orphaned', async () => {
    expect(await rowsOf('analytics.dim_accounts', 'account_id')).toEqual([
      {
        account_id: 'A1', // day 2's copy is older (updated 2025-09-01 < 2026-02-01): day 1 wins
        owner_id: 'U1',
        account_name: 'Acme Corp',
        industry: 'technology',
        account_type: 'customer',
        country: 'Germany',
        city: 'Berlin',
        account_region: 'EMEA', // seed country_regions
        account_category: 'Mid-Market', // 250 employees: >= 100, < 1000
        revenue_segment: 'Small Business', // 5,000,000: >= 1M, < 10M
        owner_name: 'Ana Reyes',
        owner_team: 'Enterprise',
        owner_region: 'EMEA',
        annual_revenue: 5000000,
        employee_count: 250,
        has_known_owner: true,
        created_at: '2025-09-01T10:00:00.000Z',
        updated_at: '2026-02-01T10:00:00.000Z',
      },
      {
        account_id: 'A2', // day 2 re-extract, renamed
        owner_id: 'U1',
        account_name: 'Globex International',
        industry: 'healthcare',
        account_type: 'customer',
        country: 'France',
        city: 'Paris',
        account_region: 'EMEA',
        account_category: 'Enterprise', // 1250 >= 1000
        revenue_segment: 'Enterprise', // 150,000,000: >= 100M, < 1B
        owner_name: 'Ana Reyes',
        owner_team: 'Enterprise',
        owner_region: 'EMEA',
        annual_revenue: 150000000,
        employee_count: 1250,
        has_known_owner: true,
        created_at: '2025-10-01T10:00:00.000Z',
        updated_at: '2026-03-09T16:00:00.000Z',
      },
      // A3 is deleted on day 2.
      {
        account_id: 'A4', // same updated_at on both days: day 2's 'Umbrella Corp' wins over 'Umbrella (day 1)'
        owner_id: 'U9',
        account_name: 'Umbrella Corp',
        industry: 'manufacturing',
        account_type: 'customer',
        country: 'UK',
        city: 'London',
        account_region: 'EMEA', // the seed has the CRM's spelling UK as well as United Kingdom
        account_category: 'Mid-Market', // exactly 100
        revenue_segment: 'Mid-Market', // exactly 10,000,000
        owner_name: null, // U9 is not a user
        owner_team: null,
        owner_region: null,
        annual_revenue: 10000000,
        employee_count: 100,
        has_known_owner: false,
        created_at: '2025-12-01T10:00:00.000Z',
        updated_at: '2026-03-01T10:00:00.000Z',
      },
      {
        account_id: 'A5', // same updated_at and day: accounts.part2.csv wins over accounts.csv
        owner_id: 'U2',
        account_name: 'Hooli',
        industry: 'technology',
        account_type: 'prospect',
        country: 'USA',
        city: null,
        account_region: 'North America', // though its owner works in EMEA
        account_category: 'Unknown', // no employee count
        revenue_segment: 'Unknown', // no revenue
        owner_name: 'Sam Okafor',
        owner_team: 'Support',
        owner_region: 'EMEA',
        annual_revenue: null,
        employee_count: null,
        has_known_owner: true,
        created_at: '2026-03-09T10:00:00.000Z',
        updated_at: '2026-03-09T10:00:00.000Z',
      },
    ]);
  });

  it('builds dim_contacts: latest live versions, seniority from the winning title, email validity, account names', async () => {
    expect(await rowsOf('analytics.dim_contacts', 'contact_id')).toEqual([
      {
        contact_id: 'C1',
        account_id: 'A1',
        first_name: 'Jane',
        last_name: 'Doe',
        full_name: 'Jane Doe',
        email: 'jane.doe@acme.example', // ' Jane.Doe@Acme.example ' trimmed and lower-cased
        phone: '+49 30 1234567',
        job_title: 'CTO',
        seniority_level: 'C-Level',
        account_name: 'Acme Corp',
        has_valid_email: true,
        created_at: '2025-09-02T10:00:00.000Z',
        updated_at: '2025-09-02T10:00:00.000Z',
      },
      {
        contact_id: 'C2', // day 2's 'Sales Rep' copy is older (2025-10-01 < 10-02): day 1 wins
        account_id: 'A2',
        first_name: 'John',
        last_name: 'Smith',
        full_name: 'John Smith',
        email: 'john.smith@globex.example',
        phone: '+33 1 2345678',
        job_title: 'VP of Sales',
        seniority_level: 'VP',
        account_name: 'Globex International',
        has_valid_email: true,
        created_at: '2025-10-02T10:00:00.000Z',
        updated_at: '2025-10-02T10:00:00.000Z',
      },
      // C3 is deleted on day 2.
      {
        contact_id: 'C4', // same updated_at on both days: day 2's title wins over 'Engineer'
        account_id: 'A4',
        first_name: 'Omar',
        last_name: 'Haddad',
        full_name: 'Omar Haddad',
        email: 'omar.haddad@umbrella.example',
        phone: null,
        job_title: 'Head of Engineering',
        seniority_level: 'Director',
        account_name: 'Umbrella Corp',
        has_valid_email: true,
        created_at: '2026-01-10T10:00:00.000Z',
        updated_at: '2026-02-01T10:00:00.000Z',
      },
      {
        contact_id: 'C5', // same updated_at and day: contacts.part2.csv wins over 'Sales Manager'
        account_id: 'A9',
        first_name: 'Li',
        last_name: null,
        full_name: 'Li',
        email: 'li.wei(at)example.com',
        phone: null,
        job_title: 'Chief Revenue Officer',
        seniority_level: 'C-Level',
        account_name: null, // A9 is not an account
        has_valid_email: false, // no @
        created_at: '2026-03-09T12:00:00.000Z',
        updated_at: '2026-03-09T12:00:00.000Z',
      },
    ]);
  });

  it('builds dim_products: latest versions, inventory status and price tier at their boundaries, margins', async () => {
    expect(await rowsOf('analytics.dim_products', 'product_id')).toEqual([
      {
        product_id: 'P1', // day 2's copy (cost 999) is older: day 1 wins
        product_name: 'CRM Suite',
        category: 'software',
        inventory_status: 'in_stock', // 50 > reorder level 10
        price_tier: 'Premium', // 1200 >= 1000
        unit_price: 1200,
        unit_cost: 300,
        profit_amount: 900,
        margin_pct: 75, // 900 / 1200
        quantity_in_stock: 50,
        reorder_level: 10,
        inventory_cost_amount: 15000, // 50 x 300
        is_active: true,
        created_at: '2025-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
      },
      {
        product_id: 'P2', // day 2 re-extract: restocked to its reorder level
        product_name: 'Onboarding Package',
        category: 'services',
        inventory_status: 'low_stock', // 5 <= 5
        price_tier: 'Standard', // 250
        unit_price: 250,
        unit_cost: 100,
        profit_amount: 150,
        margin_pct: 60, // 150 / 250
        quantity_in_stock: 5,
        reorder_level: 5,
        inventory_cost_amount: 500,
        is_active: true,
        created_at: '2025-01-01T00:00:00.000Z',
        updated_at: '2026-03-09T08:00:00.000Z',
      },
      {
        product_id: 'P3', // same updated_at on both days: day 2's price 100.00 wins over 99.99
        product_name: 'Training Day',
        category: 'training',
        inventory_status: 'in_stock', // 20 > 5
        price_tier: 'Standard', // exactly 100
        unit_price: 100,
        unit_cost: 40,
        profit_amount: 60,
        margin_pct: 60, // 60 / 100
        quantity_in_stock: 20,
        reorder_level: 5,
        inventory_cost_amount: 800, // 20 x 40
        is_active: true,
        created_at: '2025-06-01T00:00:00.000Z',
        updated_at: '2026-02-01T00:00:00.000Z',
      },
      {
        product_id: 'P4', // same updated_at and day: products.part2.csv's price 1000.00 wins over 2000.00
        product_name: 'Hardware Kit',
        category: 'hardware',
        inventory_status: 'unknown', // no stock figure
        price_tier: 'Premium', // exactly 1000
        unit_price: 1000,
        unit_cost: 600,
        profit_amount: 400,
        margin_pct: 40, // 400 / 1000
        quantity_in_stock: null,
        reorder_level: null,
        inventory_cost_amount: null,
        is_active: false,
        created_at: '2026-03-09T00:00:00.000Z',
        updated_at: '2026-03-09T07:00:00.000Z',
      },
    ]);
  });

  it('builds dim_users: latest versions, managers and direct reports, an orphaned manager', async () => {
    const user = (
      user_id: string,
      manager_id: string | null,
      full_name: string,
      title: string,
      team: string,
      manager_name: string | null,
      direct_report_count: number,
      is_active: boolean,
      created_at: string,
      updated_at: string,
    ): Row => ({
      user_id,
      manager_id,
      full_name,
      email: `${full_name.toLowerCase().replace(' ', '.')}@example.com`,
      title,
      team,
      region: 'EMEA',
      manager_name,
      direct_report_count,
      is_active,
      is_manager: direct_report_count > 0,
      created_at,
      updated_at,
    });
    expect(await rowsOf('analytics.dim_users', 'user_id')).toEqual([
      // U1: day 2's 'Sales Rep' copy is older (2025-06-01 < 2026-01-15); U4 reports to U1.
      user('U1', 'U3', 'Ana Reyes', 'Account Executive', 'Enterprise', 'Mia Lund', 1, true, '2025-06-01T09:00:00.000Z', '2026-01-15T09:00:00.000Z'),
      user('U2', 'U3', 'Sam Okafor', 'Support Agent', 'Support', 'Mia Lund', 0, true, '2025-06-01T09:00:00.000Z', '2025-06-01T09:00:00.000Z'),
      // U3 manages U1, U2 and U6.
      user('U3', null, 'Mia Lund', 'Sales Director', 'Enterprise', null, 3, true, '2025-01-15T09:00:00.000Z', '2025-01-15T09:00:00.000Z'),
      // U4: day 2 re-extract deactivates.
      user('U4', 'U1', 'Noah Berg', 'Account Executive', 'Enterprise', 'Ana Reyes', 0, false, '2026-01-05T09:00:00.000Z', '2026-03-09T09:00:00.000Z'),
      // U5: same updated_at on both days, day 2's title wins; manager U9 is not a user.
      user('U5', 'U9', 'Eva Novak', 'Senior Agent', 'Support', null, 0, true, '2026-01-05T09:00:00.000Z', '2026-02-01T09:00:00.000Z'),
      // U6: same updated_at and day, users.part2.csv's team wins over 'Support'.
      user('U6', 'U3', 'Kai Moreau', 'Support Agent', 'Success', 'Mia Lund', 0, true, '2026-03-09T09:00:00.000Z', '2026-03-09T09:00:00.000Z'),
    ]);
  });

  it('builds dim_dates from the earliest to the latest date used, one row per day', async () => {
    // Earliest: legacy note AC5 created 1997-01-01; latest: D1 expected to close 2026-03-31, after the run
    // date. 1997-01-01 to 2026-01-01 is 29 years with 7 leap days (2000 .. 2024): 29 x 365 + 7 = 10592
    // days; to 2026-03-31 another 31 + 28 + 30 = 89: offsets 0 .. 10681, so 10682 days. Past 100, 1000
    // and 10000 days, every digit of the day-offset generator is used.
    expect(await built.engine.query('select min(date_day) as first_day, max(date_day) as last_day, count(*) as days, count(distinct date_day) as distinct_days from analytics.dim_dates')).toEqual([
      { first_day: '1997-01-01', last_day: '2026-03-31', days: 10682, distinct_days: 10682 },
    ]);
  });

  it('builds fact_activities: latest versions, completion, overdue at the run date, activity dates', async () => {
    const activity = (row: Row): Row => ({ account_id: 'A1', contact_id: 'C1', deal_id: 'D1', owner_id: 'U1', completed_at: null, ...row });
    expect(await rowsOf('analytics.fact_activities', 'activity_id')).toEqual([
      // AC1: day 2's open copy is older (updated 01-11 < 01-12 10:30): day 1's completed version wins.
      activity({ activity_id: 'AC1', activity_type: 'call', status: 'completed', duration_minutes: 30, is_completed: true, is_overdue: false, activity_date: '2026-01-12', activity_date_key: 20260112, activity_at: '2026-01-12T10:30:00.000Z', due_at: '2026-01-12T10:00:00.000Z', completed_at: '2026-01-12T10:30:00.000Z', created_at: '2026-01-11T09:00:00.000Z' }),
      activity({ activity_id: 'AC2', account_id: 'A2', contact_id: 'C2', deal_id: 'D2', activity_type: 'email', status: 'completed', duration_minutes: 5, is_completed: true, is_overdue: false, activity_date: '2026-03-09', activity_date_key: 20260309, activity_at: '2026-03-09T12:05:00.000Z', due_at: '2026-03-09T12:00:00.000Z', completed_at: '2026-03-09T12:05:00.000Z', created_at: '2026-03-09T11:00:00.000Z' }),
      // AC3: same updated_at on both days, day 2's due time wins: open and due one second before the run date.
      activity({ activity_id: 'AC3', activity_type: 'call', status: 'open', duration_minutes: 15, is_completed: false, is_overdue: true, activity_date: '2026-03-09', activity_date_key: 20260309, activity_at: '2026-03-09T23:59:59.000Z', due_at: '2026-03-09T23:59:59.000Z', created_at: '2026-03-05T09:00:00.000Z' }),
      // AC4: same updated_at and day, activities.part2.csv wins: due exactly at the run date, not overdue
      // (the activities.csv copy was due 2026-03-01 and would be).
      activity({ activity_id: 'AC4', account_id: 'A2', contact_id: 'C2', deal_id: 'D2', activity_type: 'meeting', status: 'scheduled', duration_minutes: 60, is_completed: false, is_overdue: false, activity_date: '2026-03-10', activity_date_key: 20260310, activity_at: '2026-03-10T00:00:00.000Z', due_at: '2026-03-10T00:00:00.000Z', created_at: '2026-03-02T09:00:00.000Z' }),
      // AC5: a legacy note with nothing but a type, owner and creation time (1997): dated by its creation, never overdue.
      activity({ activity_id: 'AC5', account_id: null, contact_id: null, deal_id: null, owner_id: 'U2', activity_type: 'note', status: null, duration_minutes: null, is_completed: false, is_overdue: false, activity_date: '1997-01-01', activity_date_key: 19970101, activity_at: '1997-01-01T07:00:00.000Z', due_at: null, created_at: '1997-01-01T07:00:00.000Z' }),
      // AC6: status Done without a completion time is completed, so past its due time it is not overdue.
      activity({ activity_id: 'AC6', account_id: 'A2', contact_id: 'C2', deal_id: 'D2', activity_type: 'task', status: 'done', duration_minutes: null, is_completed: true, is_overdue: false, activity_date: '2026-03-05', activity_date_key: 20260305, activity_at: '2026-03-05T12:00:00.000Z', due_at: '2026-03-05T12:00:00.000Z', created_at: '2026-03-04T09:00:00.000Z' }),
    ]);
  });

  it('builds fact_deals: latest versions, deleted D4 gone, weighted amounts, cycle and age in days, stage moves', async () => {
    expect(await rowsOf('analytics.fact_deals', 'deal_id')).toEqual([
      {
        deal_id: 'D1',
        account_id: 'A1',
        contact_id: 'C1',
        owner_id: 'U1',
        product_id: 'P1',
        deal_name: 'Acme expansion', // day 2's proposal copy is older (updated 02-05 < 03-01): day 1 wins
        stage: 'negotiation',
        account_category_at_creation: 'Mid-Market', // A1@1 (2025-09-01 .. 2026-02-01): 200 employees
        account_revenue_segment_at_creation: 'Small Business', // 4,000,000
        account_owner_id_at_creation: 'U1',
        account_category_at_close: null, // open
        account_revenue_segment_at_close: null,
        account_owner_id_at_close: null,
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
        account_category_at_creation: 'Enterprise', // A2@1 (from 2025-10-01): 1200 employees
        account_revenue_segment_at_creation: 'Enterprise', // 150,000,000
        account_owner_id_at_creation: 'U1',
        account_category_at_close: 'Enterprise', // closed 15:00, before the 16:00 rename: still A2@1
        account_revenue_segment_at_close: 'Enterprise',
        account_owner_id_at_close: 'U1',
        stage_order: 5,
        amount: 5500, // same updated_at and day: deals.part2.csv wins over deals.csv's 5400
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
        deal_name: 'Acme renewal', // same updated_at on both days: day 2 wins over day 1's draft (7000)
        stage: 'closed_lost',
        account_category_at_creation: 'Mid-Market', // created Jan 5: A1@1, 200 employees
        account_revenue_segment_at_creation: 'Small Business', // 4,000,000
        account_owner_id_at_creation: 'U1',
        account_category_at_close: 'Mid-Market', // closed Feb 20: A1@2 (from Feb 1), 250 employees
        account_revenue_segment_at_close: 'Small Business', // 5,000,000
        account_owner_id_at_close: 'U1',
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

  it('builds fact_deal_stage_history: one row per stage entered, backward moves, days in stage to the next change (null while current: mart_sales_pipeline measures the age of a current stage)', async () => {
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
      days_in_stage: number | null,
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
      stage('CH5', 'D1', 'U1', 'negotiation', 'qualification', 'Forward', 5, 4, 2, 20260301, null, '2026-03-01T10:00:00.000Z', null),
      stage('CH6', 'D2', 'U1', 'qualification', null, 'Initial', 1, 2, null, 20260201, 19, '2026-02-01T08:00:00.000Z', '2026-02-20T09:30:00.000Z'),
      // CH7's day-2 copy wins over day 1's (changed_by U3); CH8's copy in the later file wins over one by U2.
      stage('CH7', 'D2', 'U1', 'proposal', 'qualification', 'Forward', 2, 3, 2, 20260220, 17, '2026-02-20T09:30:00.000Z', '2026-03-09T15:00:00.000Z'),
      stage('CH8', 'D2', 'U1', 'closed_won', 'proposal', 'Forward', 3, 5, 3, 20260309, null, '2026-03-09T15:00:00.000Z', null),
      stage('CH9', 'D3', 'U1', 'proposal', null, 'Initial', 1, 3, null, 20260105, 27, '2026-01-05T10:00:00.000Z', '2026-02-01T10:00:00.000Z'),
      stage('CH10', 'D3', 'U3', 'negotiation', 'proposal', 'Forward', 2, 4, 3, 20260201, 9, '2026-02-01T10:00:00.000Z', '2026-02-10T10:00:00.000Z'),
      stage('CH11', 'D3', 'U3', 'proposal', 'negotiation', 'Backward', 3, 3, 4, 20260210, 10, '2026-02-10T10:00:00.000Z', '2026-02-20T10:00:00.000Z'),
      stage('CH12', 'D3', 'U1', 'closed_lost', 'proposal', 'Forward', 4, 6, 3, 20260220, null, '2026-02-20T10:00:00.000Z', null),
      // CH13 belongs to the deleted deal D4 and is left out.
    ]);
  });

  it('builds fact_tickets: response and resolution hours, SLA met, breached when resolved late or open past the target', async () => {
    expect(await rowsOf('analytics.fact_tickets', 'ticket_id')).toEqual([
      {
        ticket_id: 'T1', // day 2's open copy is older (updated 08:30 < 14:00): day 1's solved version wins
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
        channel: 'phone', // same updated_at on both days: day 2 wins over day 1's email
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
        priority: 'medium', // same updated_at and day: tickets.part2.csv wins over tickets.csv's low
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
        status: 'delivered', // same updated_at on both days: day 2 wins over day 1's shipped; the older processing copy in orders.part2.csv loses
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
        status: 'cancelled', // same updated_at and day: orders.part2.csv wins over orders.csv's pending
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
