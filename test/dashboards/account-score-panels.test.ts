import { describe, expect, it } from 'vitest';
import { scorePanels } from '../../lib/dashboards/dashboards/account-score-panels.ts';
import { SCORES_MISSING_MESSAGE } from '../../lib/dashboards/queries/account-scores-queries.ts';

describe('Account Health score panels', () => {
  it('say why there are no scores, and how to get them, in place of the score panels', () => {
    expect(scorePanels({ missing: SCORES_MISSING_MESSAGE }, 90)).toEqual([
      { kind: 'message', id: 'churn_and_upsell_scores', title: 'Churn and upsell scores', width: 'full', message: SCORES_MISSING_MESSAGE },
    ]);
    expect(SCORES_MISSING_MESSAGE).toContain('npx crm-warehouse score');
  });

  it('draw both probabilities per tenth, buckets without accounts at zero, and list the highest churn risk', () => {
    const highestChurnRisk = [{ account_id: 'A2', account_name: 'Globex', churn_probability: 1, churn_band: 'high', churn_reasons: 'Tenure days' }];
    const [distribution, list] = scorePanels(
      {
        distribution: [
          { target: 'churn', bucket: 3, account_count: 2 },
          { target: 'churn', bucket: 9, account_count: 1 },
          { target: 'upsell', bucket: 0, account_count: 4 },
        ],
        highestChurnRisk,
      },
      90,
    );
    expect(distribution).toMatchObject({
      kind: 'chart',
      id: 'score_distribution',
      option: {
        xAxis: { data: ['0-9%', '10-19%', '20-29%', '30-39%', '40-49%', '50-59%', '60-69%', '70-79%', '80-89%', '90-100%'] },
        series: [
          { name: 'Churn', data: [0, 0, 0, 2, 0, 0, 0, 0, 0, 1] },
          { name: 'Upsell', data: [4, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
        ],
      },
    });
    expect(list).toMatchObject({ kind: 'table', id: 'highest_churn_risk', rows: highestChurnRisk });
    expect(list?.subtitle).toContain('none in the next 90 days');
  });
});
