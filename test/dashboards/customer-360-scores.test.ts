import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDirectory } from '../../lib/dashboards/dashboard-model.ts';
import { customer360Dashboard } from '../../lib/dashboards/dashboards/customer-360-dashboard.ts';
import { SCORES_MISSING_MESSAGE } from '../../lib/dashboards/queries/account-scores-queries.ts';
import { ACCOUNT_COLUMNS, DEAL_COLUMNS, SCORE_COLUMNS } from '../../lib/dashboards/queries/customer-360-queries.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { DASHBOARD_ENGINES } from './dashboard-engines.ts';
import { martsOf, testPlan } from './dashboard-test-plan.ts';

const plan = testPlan({ customer_360_view: ['mart_customer_360', 'mart_account_engagement', 'mart_deal_engagement', 'mart_account_features'] });
const marts = martsOf(plan, 'customer_360_view');

const NUMERIC = new Set(['customer_lifetime_value_amount', 'risk_score', 'activity_count_last_90_days', 'revenue_last_90_days', 'revenue_previous_90_days']);
const ENGAGEMENT = new Set(['note_count', 'task_count']);

describe.each(DASHBOARD_ENGINES)('on %s', (_name, open) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await open();
    const customerColumns = ACCOUNT_COLUMNS.filter((column) => !ENGAGEMENT.has(column)).map((column) => `${column} ${NUMERIC.has(column) ? 'double precision' : 'varchar'}`);
    await engine.transaction([
      'create schema marts',
      `create table marts.mart_customer_360 (${customerColumns.join(', ')}, is_paying_customer boolean)`,
      // A1 and A2 bought in the last 180 days (A2 only 90 to 179 days ago); A4 did not.
      `insert into marts.mart_customer_360 (account_id, account_name, customer_lifetime_value_amount, risk_score, activity_count_last_90_days, is_paying_customer,
        revenue_last_90_days, revenue_previous_90_days) values
        ('A1', 'Acme', 5000, 10, 3, true, 100, 0), ('A2', 'Globex', 100, 80, 0, true, 0, 20), ('A3', 'Initech', 0, 40, 1, false, 0, 0),
        ('A4', 'Hooli', 50, 20, 0, true, 0, 0)`,
      'create table marts.mart_account_engagement (account_id varchar, note_count integer, task_count integer)',
      `create table marts.mart_deal_engagement (account_id varchar, deal_id varchar, ${DEAL_COLUMNS.map((column) => `${column} varchar`).join(', ')})`,
    ]);
  });

  afterAll(async () => {
    await engine?.close();
  });

  async function directory(runDate = '2026-03-10'): Promise<AccountDirectory> {
    const content = await customer360Dashboard.build({ engine, marts, runDate, vars: plan.vars });
    if (!content.accounts) throw new Error('Customer 360 exported no account directory');
    return content.accounts;
  }

  function records(accounts: AccountDirectory): Record<string, unknown>[] {
    return accounts.rows.map((row) => Object.fromEntries(accounts.columns.map((column, index) => [column, row[index]])));
  }

  describe('Customer 360 scores', () => {
    it('says that the warehouse has no scores, and exports no score columns, when it was built without the score step', async () => {
      const accounts = await directory();
      expect(accounts.missingScores).toBe(SCORES_MISSING_MESSAGE);
      expect(accounts.columns).toEqual(ACCOUNT_COLUMNS);
      expect(accounts.shortlists.map((list) => list.label)).toEqual(['Largest customers', 'Most at risk']);
    });

    it("exports each account's churn and upsell probability, band and top reasons when the score step has run", async () => {
      await engine.transaction([
        `create table marts.mart_account_scores (account_id varchar, snapshot_date date, churn_probability decimal(9,6), upsell_probability decimal(9,6),
          churn_reason_1 varchar, churn_reason_2 varchar, churn_reason_3 varchar, upsell_reason_1 varchar, upsell_reason_2 varchar, upsell_reason_3 varchar)`,
        // A3 (Initech, last by name) has no score (an account created after the scoring snapshot's features were read).
        `insert into marts.mart_account_scores values
          ('A1', '2026-03-11', 0.12, 0.5, 'tenure_days', null, null, 'won_deal_count_last_365_days', 'tenure_days', null),
          ('A2', '2026-03-11', 0.7, 0.25, 'days_since_last_order', 'open_urgent_ticket_count', null, null, null, null),
          ('A4', '2026-03-11', 0.9, 0.9, null, null, null, null, null, null)`,
      ]);
      const accounts = await directory();
      expect(accounts.missingScores).toBeUndefined();
      expect(accounts.columns).toEqual([...ACCOUNT_COLUMNS, ...SCORE_COLUMNS]);
      expect(records(accounts).map((account) => SCORE_COLUMNS.map((column) => (typeof account[column] === 'number' ? account[column] : (account[column] ?? null))))).toEqual([
        [0.12, 'low', 'Tenure days', 0.5, 'high', 'Won deal count last 365 days, Tenure days'],
        [0.7, 'high', 'Days since last order, Open urgent ticket count', 0.25, 'medium', null],
        [0.9, 'high', null, 0.9, 'high', null],
        [null, null, null, null, null, null],
      ]);
    });

    it("shows no scores of an earlier run as this run's, and says so", async () => {
      const accounts = await directory('2026-04-01');
      expect(accounts.missingScores).toMatch(/^The churn and upsell scores in this warehouse are those of 2026-03-11, not of this run \(run date 2026-04-01/);
      expect(accounts.columns).toEqual(ACCOUNT_COLUMNS);
    });

    it('shortlists the customers of the last 180 days most likely to churn and to expand (A4, without recent revenue, is not one)', async () => {
      const accounts = await directory();
      expect(accounts.shortlists.slice(2)).toEqual([
        { label: 'Likely to churn', accountIds: ['A2', 'A1'] },
        { label: 'Likely to expand', accountIds: ['A1', 'A2'] },
      ]);
    });
  });
});
