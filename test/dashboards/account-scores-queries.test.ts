import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findScores,
  likelyToChurnKpi,
  queryAccountHealthScores,
  reasonsText,
  scoreBandSql,
  SCORE_BAND_RULE,
  SCORES_MISSING_MESSAGE,
} from '../../lib/dashboards/queries/account-scores-queries.ts';
import { queryKpis } from '../../lib/dashboards/queries/run-queries.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { DASHBOARD_ENGINES } from './dashboard-engines.ts';
import { martsOf, testPlan } from './dashboard-test-plan.ts';

const plan = testPlan({ account_health_dashboard: ['mart_account_health', 'mart_account_features'] });
const marts = martsOf(plan, 'account_health_dashboard');

describe.each(DASHBOARD_ENGINES)('on %s', (_name, open) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await open();
    await engine.transaction([
      'create schema marts',
      `create table marts.mart_account_health (account_id varchar, account_name varchar, account_category varchar, owner_name varchar,
        revenue_last_90_days decimal(18,2), revenue_previous_90_days decimal(18,2))`,
      // A1, A2, A4 bought in the last 180 days (A4 only 90 to 179 days ago); A3 did not, so it is left out of every list.
      `insert into marts.mart_account_health values
        ('A1', 'Acme', 'SMB', 'Ann', 100, 0), ('A2', 'Globex', 'Enterprise', 'Bob', 50, 20),
        ('A3', 'Initech', 'SMB', 'Ann', 0, 0), ('A4', 'Hooli', 'Mid-Market', null, 0, 10)`,
    ]);
  });

  afterAll(async () => {
    await engine?.close();
  });

  describe('score bands', () => {
    it('bands a probability at 25% and 50%, and leaves an account without a score without a band', async () => {
      const rows = await engine.query(
        // Union of selects, not a VALUES list in FROM, which Redshift does not take.
        `select p, ${scoreBandSql('p')} as band from (${[0, 0.2499, 0.25, 0.4999, 0.5, 1, null].map((p) => `select cast(${String(p)} as decimal(9,6)) as p`).join(' union all ')}) as probabilities order by p nulls last`,
      );
      expect(rows.map((row) => row.band)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', null]);
      expect(SCORE_BAND_RULE).toBe('high ≥ 50%, medium ≥ 25%, low below');
    });

    it('lists the top reasons in rank order, readable, skipping the ranks an account has none for', () => {
      expect(reasonsText({ churn_reason_1: 'order_count_last_90_days', churn_reason_2: 'tenure_days', churn_reason_3: null }, 'churn')).toBe('Order count last 90 days, Tenure days');
      expect(reasonsText({ upsell_reason_1: null, upsell_reason_2: null, upsell_reason_3: null }, 'upsell')).toBeNull();
    });
  });

  describe('scores of a warehouse built without the score step', () => {
    it('finds no scores table', async () => {
      expect(await findScores(engine, marts, '2026-03-10')).toEqual({ missing: SCORES_MISSING_MESSAGE });
    });
  });

  describe('Account Health scores', () => {
    let scores: string | null;

    beforeAll(async () => {
      await engine.transaction([
        `create table marts.mart_account_scores (account_id varchar, snapshot_date date, churn_probability decimal(9,6), upsell_probability decimal(9,6),
          churn_reason_1 varchar, churn_reason_2 varchar, churn_reason_3 varchar, upsell_reason_1 varchar, upsell_reason_2 varchar, upsell_reason_3 varchar)`,
        `insert into marts.mart_account_scores values
          ('A1', '2026-03-11', 0.31, 0.95, 'tenure_days', null, null, 'won_deal_count_last_365_days', null, null),
          ('A2', '2026-03-11', 1.0, 0.05, 'days_since_last_order', 'open_urgent_ticket_count', 'tenure_days', null, null, null),
          ('A3', '2026-03-11', 0.99, 0.5, 'days_since_last_order', null, null, null, null, null),
          ('A4', '2026-03-11', 0.31, 0.12, null, null, null, null, null, null)`,
      ]);
      const lookup = await findScores(engine, marts, '2026-03-10');
      scores = 'relation' in lookup ? lookup.relation : null;
    });

    it("finds the table the score step wrote next to mart_account_features, scored as of the day after the run date", () => {
      expect(scores).toBe('marts.mart_account_scores');
    });

    it('does not pass off the scores of an earlier run as this one\'s, naming both days', async () => {
      expect(await findScores(engine, marts, '2026-03-31')).toEqual({
        missing:
          'The churn and upsell scores in this warehouse are those of 2026-03-11, not of this run (run date 2026-03-31, scored as of 2026-04-01): ' +
          'the warehouse was built again after its last score step. Run "npx crm-warehouse score", then "npx crm-warehouse docs".',
      });
    });

    it('lists the recent customers by churn probability, then account, with their band and reasons', async () => {
      const { highestChurnRisk } = await queryAccountHealthScores(engine, marts, scores ?? '');
      expect(highestChurnRisk.map((row) => [row.account_id, Number(row.churn_probability), row.churn_band, row.churn_reasons, Number(row.revenue_180_days)])).toEqual([
        ['A2', 1, 'high', 'Days since last order, Open urgent ticket count, Tenure days', 70],
        ['A1', 0.31, 'medium', 'Tenure days', 100],
        ['A4', 0.31, 'medium', null, 10],
      ]);
    });

    it('counts the recent customers in the high churn band and their revenue of the last 180 days (A3, at 99%, bought nothing in them)', async () => {
      const [tile] = await queryKpis(engine, [likelyToChurnKpi(marts, scores ?? '')]);
      expect([Number(tile?.value), Number(tile?.detailValue)]).toEqual([1, 70]);
    });

    it('counts the recent customers per tenth of each probability, 100% in the top tenth', async () => {
      const { distribution } = await queryAccountHealthScores(engine, marts, scores ?? '');
      expect(distribution.map((row) => [row.target, Number(row.bucket), Number(row.account_count)])).toEqual([
        ['churn', 3, 2],
        ['churn', 9, 1],
        ['upsell', 0, 1],
        ['upsell', 1, 1],
        ['upsell', 9, 1],
      ]);
    });
  });
});
