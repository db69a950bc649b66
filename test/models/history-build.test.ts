/**
 * The history dimensions (SCD type 2) built by the real project from the hand-checked fixture
 * (test/fixtures/crm-landing, see fixture-build.test.ts for what each file holds), every row worked
 * out by hand from the CSV files. Versions are ordered by the CRM's updated_at, not by the file they
 * arrive in, so day 2's stale copies of A1 and C2 become their first versions.
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

describe('the history dimensions of the hand-checked fixture', () => {
  it('build, with their unit tests and data tests passing', () => {
    expect(errorsOf(built.result)).toEqual([]);
    const historyNodes = built.result.results.filter((node) => node.name.includes('history') && !node.name.includes('stage_history'));
    expect(historyNodes.map((node) => `${node.name}: ${node.status}`).filter((line) => !/: (success|pass)$/.test(line))).toEqual([]);
    expect(historyNodes.some((node) => node.name === 'assert_history_intervals_are_contiguous')).toBe(true);
    expect(historyNodes.some((node) => node.name === 'assert_history_current_rows_match_staging')).toBe(true);
  });

  it('builds dim_accounts_history: A2 renamed between the days, A3 closed by its deletion, ties won as in staging', async () => {
    expect(await rowsOf('analytics.dim_accounts_history', 'account_id, version_number')).toEqual([
      {
        account_version_id: 'A1@1', // day 2's copy, updated 2025-09-01: older than day 1's, so it comes first
        account_id: 'A1',
        owner_id: 'U1',
        account_name: 'Acme Corp (stale)',
        industry: 'technology',
        account_type: 'customer',
        country: 'Germany',
        city: 'Berlin',
        account_category: 'Mid-Market', // 200 employees
        revenue_segment: 'Small Business', // 4,000,000
        annual_revenue: 4000000,
        employee_count: 200,
        version_number: 1,
        is_current: false,
        ended_by_deletion: false,
        created_at: '2025-09-01T10:00:00.000Z',
        valid_from: '2025-09-01T10:00:00.000Z',
        valid_to: '2026-02-01T10:00:00.000Z', // day 1's copy begins
      },
      {
        account_version_id: 'A1@2',
        account_id: 'A1',
        owner_id: 'U1',
        account_name: 'Acme Corp',
        industry: 'technology',
        account_type: 'customer',
        country: 'Germany',
        city: 'Berlin',
        account_category: 'Mid-Market', // 250 employees
        revenue_segment: 'Small Business', // 5,000,000
        annual_revenue: 5000000,
        employee_count: 250,
        version_number: 2,
        is_current: true,
        ended_by_deletion: false,
        created_at: '2025-09-01T10:00:00.000Z',
        valid_from: '2026-02-01T10:00:00.000Z',
        valid_to: null,
      },
      {
        account_version_id: 'A2@1',
        account_id: 'A2',
        owner_id: 'U1',
        account_name: 'Globex',
        industry: 'healthcare',
        account_type: 'prospect',
        country: 'France',
        city: 'Paris',
        account_category: 'Enterprise', // 1200 employees
        revenue_segment: 'Enterprise', // 150,000,000
        annual_revenue: 150000000,
        employee_count: 1200,
        version_number: 1,
        is_current: false,
        ended_by_deletion: false,
        created_at: '2025-10-01T10:00:00.000Z',
        valid_from: '2025-10-01T10:00:00.000Z',
        valid_to: '2026-03-09T16:00:00.000Z', // the rename
      },
      {
        account_version_id: 'A2@2',
        account_id: 'A2',
        owner_id: 'U1',
        account_name: 'Globex International',
        industry: 'healthcare',
        account_type: 'customer',
        country: 'France',
        city: 'Paris',
        account_category: 'Enterprise', // 1250 employees
        revenue_segment: 'Enterprise',
        annual_revenue: 150000000,
        employee_count: 1250,
        version_number: 2,
        is_current: true,
        ended_by_deletion: false,
        created_at: '2025-10-01T10:00:00.000Z',
        valid_from: '2026-03-09T16:00:00.000Z',
        valid_to: null,
      },
      {
        account_version_id: 'A3@1',
        account_id: 'A3',
        owner_id: 'U2',
        account_name: 'Initech',
        industry: 'technology',
        account_type: 'customer',
        country: 'USA',
        city: 'Austin',
        account_category: 'SMB', // 50 employees
        revenue_segment: 'Small Business', // 2,000,000
        annual_revenue: 2000000,
        employee_count: 50,
        version_number: 1,
        is_current: false, // deleted on day 2: no current row
        ended_by_deletion: true,
        created_at: '2025-11-01T10:00:00.000Z',
        valid_from: '2025-11-01T10:00:00.000Z',
        valid_to: '2026-03-09T09:00:00.000Z', // the deletion's updated_at
      },
      {
        account_version_id: 'A4@1', // both days share updated_at 2026-03-01: one instant, day 2's copy wins
        account_id: 'A4',
        owner_id: 'U9',
        account_name: 'Umbrella Corp',
        industry: 'manufacturing',
        account_type: 'customer',
        country: 'UK',
        city: 'London',
        account_category: 'Mid-Market', // 100 employees, exactly at the threshold
        revenue_segment: 'Mid-Market', // 10,000,000, exactly at the threshold
        annual_revenue: 10000000,
        employee_count: 100,
        version_number: 1,
        is_current: true,
        ended_by_deletion: false,
        created_at: '2025-12-01T10:00:00.000Z',
        valid_from: '2026-03-01T10:00:00.000Z',
        valid_to: null,
      },
      {
        account_version_id: 'A5@1', // same updated_at and day: accounts.part2.csv wins
        account_id: 'A5',
        owner_id: 'U2',
        account_name: 'Hooli',
        industry: 'technology',
        account_type: 'prospect',
        country: 'USA',
        city: null,
        account_category: 'Unknown', // no employee count
        revenue_segment: 'Unknown', // no revenue
        annual_revenue: null,
        employee_count: null,
        version_number: 1,
        is_current: true,
        ended_by_deletion: false,
        created_at: '2026-03-09T10:00:00.000Z',
        valid_from: '2026-03-09T10:00:00.000Z',
        valid_to: null,
      },
    ]);
  });

  it('builds dim_contacts_history: C2 versions in updated_at order, C3 closed by its deletion', async () => {
    const rows = await built.engine.query(
      'select contact_version_id, account_id, full_name, email, job_title, is_current, ended_by_deletion, created_at, valid_from, valid_to from analytics.dim_contacts_history order by contact_id, version_number',
    );
    expect(rows).toEqual([
      {
        contact_version_id: 'C1@1',
        account_id: 'A1',
        full_name: 'Jane Doe',
        email: 'jane.doe@acme.example', // trimmed and lower-cased
        job_title: 'CTO',
        is_current: true,
        ended_by_deletion: false,
        created_at: '2025-09-02T10:00:00.000Z',
        valid_from: '2025-09-02T10:00:00.000Z',
        valid_to: null,
      },
      {
        contact_version_id: 'C2@1', // day 2's copy, updated 2025-10-01, is the older state
        account_id: 'A2',
        full_name: 'John Smith',
        email: 'john.smith@globex.example',
        job_title: 'Sales Rep',
        is_current: false,
        ended_by_deletion: false,
        created_at: '2025-10-01T10:00:00.000Z',
        valid_from: '2025-10-01T10:00:00.000Z',
        valid_to: '2025-10-02T10:00:00.000Z',
      },
      {
        contact_version_id: 'C2@2',
        account_id: 'A2',
        full_name: 'John Smith',
        email: 'john.smith@globex.example',
        job_title: 'VP of Sales',
        is_current: true,
        ended_by_deletion: false,
        created_at: '2025-10-02T10:00:00.000Z',
        valid_from: '2025-10-02T10:00:00.000Z',
        valid_to: null,
      },
      {
        contact_version_id: 'C3@1',
        account_id: 'A1',
        full_name: 'Lena Park',
        email: 'lena.park@acme.example',
        job_title: 'Engineer',
        is_current: false,
        ended_by_deletion: true,
        created_at: '2025-11-02T10:00:00.000Z',
        valid_from: '2025-11-02T10:00:00.000Z',
        valid_to: '2026-03-09T08:00:00.000Z',
      },
      {
        contact_version_id: 'C4@1', // tie on updated_at: day 2's title wins
        account_id: 'A4',
        full_name: 'Omar Haddad',
        email: 'omar.haddad@umbrella.example',
        job_title: 'Head of Engineering',
        is_current: true,
        ended_by_deletion: false,
        created_at: '2026-01-10T10:00:00.000Z',
        valid_from: '2026-02-01T10:00:00.000Z',
        valid_to: null,
      },
      {
        contact_version_id: 'C5@1', // tie on updated_at and day: contacts.part2.csv wins
        account_id: 'A9',
        full_name: 'Li',
        email: 'li.wei(at)example.com',
        job_title: 'Chief Revenue Officer',
        is_current: true,
        ended_by_deletion: false,
        created_at: '2026-03-09T12:00:00.000Z',
        valid_from: '2026-03-09T12:00:00.000Z',
        valid_to: null,
      },
    ]);
  });

  it('gives fact_deals the account state at creation and at close from the history', async () => {
    expect(
      await built.engine.query(
        'select deal_id, created_at, closed_at, account_revenue_segment_at_creation, account_owner_id_at_creation, account_revenue_segment_at_close from analytics.fact_deals order by deal_id',
      ),
    ).toEqual([
      // A1@1 (2025-09-01 .. 2026-02-01) at creation; open
      { deal_id: 'D1', created_at: '2026-01-10T09:00:00.000Z', closed_at: null, account_revenue_segment_at_creation: 'Small Business', account_owner_id_at_creation: 'U1', account_revenue_segment_at_close: null },
      // A2@1 at both: the close (15:00) precedes the rename (16:00)
      { deal_id: 'D2', created_at: '2026-02-01T08:00:00.000Z', closed_at: '2026-03-09T15:00:00.000Z', account_revenue_segment_at_creation: 'Enterprise', account_owner_id_at_creation: 'U1', account_revenue_segment_at_close: 'Enterprise' },
      // A1@1 at creation, A1@2 at close
      { deal_id: 'D3', created_at: '2026-01-05T10:00:00.000Z', closed_at: '2026-02-20T10:00:00.000Z', account_revenue_segment_at_creation: 'Small Business', account_owner_id_at_creation: 'U1', account_revenue_segment_at_close: 'Small Business' },
    ]);
  });
});
