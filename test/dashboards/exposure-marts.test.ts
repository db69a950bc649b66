import { describe, expect, it } from 'vitest';
import { martsOf, testPlan } from './dashboard-test-plan.ts';

const exposures = { health: ['mart_account_health', 'mart_account_features'], cohorts: ['mart_customer_cohorts'] };

describe('ExposureMarts', () => {
  it("reads a table the score step writes in the schema of the model it is computed from, quoted for the target", () => {
    expect(martsOf(testPlan(exposures), 'health').stepTable('mart_account_scores')).toEqual({
      relation: { schema: 'marts', name: 'mart_account_scores' },
      text: 'marts.mart_account_scores',
    });
    expect(martsOf(testPlan(exposures, { target: 'redshift' }), 'health').stepTable('mart_account_scores').text).toBe('"marts"."mart_account_scores"');
  });

  it('refuses a step table whose model the exposure does not depend on, naming both', () => {
    expect(() => martsOf(testPlan(exposures), 'cohorts').stepTable('mart_account_scores')).toThrow(
      'dashboard cohorts reads mart_account_scores (computed from mart_account_features), which exposure cohorts does not depend on (sql/exposures.yml depends_on: mart_customer_cohorts)',
    );
  });

  it('refuses a name that is neither a model nor a step table', () => {
    expect(() => martsOf(testPlan(exposures), 'health').stepTable('mart_account_health')).toThrow(
      'dashboard health reads mart_account_health, which is neither a model nor a table a step writes (mart_account_scores)',
    );
  });

  it('still names the marts an exposure may read', () => {
    expect(martsOf(testPlan(exposures), 'health').names()).toEqual(['mart_account_features', 'mart_account_health']);
    expect(() => martsOf(testPlan(exposures), 'cohorts').relation('mart_account_health')).toThrow(
      'dashboard cohorts reads mart_account_health, which exposure cohorts does not depend on (sql/exposures.yml depends_on: mart_customer_cohorts)',
    );
  });
});
