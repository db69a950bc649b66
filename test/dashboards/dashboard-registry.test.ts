/** The dashboards and sql/exposures.yml agree: every dashboard has its exposure, reading what it needs. */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../../lib/dashboards/dashboard-registry.ts';
import { STEP_TABLES } from '../../lib/dashboards/exposure-marts.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';

const ROOT = resolve(import.meta.dirname, '../..');

let plan: Plan;

beforeAll(async () => {
  plan = compileProject(await loadProject(ROOT), { target: 'duckdb' });
});

function dependsOn(exposure: string): string[] {
  const found = plan.exposures.find((each) => each.name === exposure);
  if (found === undefined) throw new Error(`sql/exposures.yml has no exposure ${exposure}`);
  return found.dependsOn.models.map((id) => id.replace(/^model\.crm\./, '')).sort();
}

describe('the dashboards of the project', () => {
  it('draws every exposure of sql/exposures.yml, one dashboard each', () => {
    expect(DASHBOARDS.map((dashboard) => dashboard.exposure).sort()).toEqual(plan.exposures.map((exposure) => exposure.name).sort());
  });

  it('declares the Customer Cohorts dashboard as a dbt exposure with its owner, url and the two retention marts', () => {
    expect(plan.exposures.find((exposure) => exposure.name === 'customer_cohorts_dashboard')).toMatchObject({
      type: 'dashboard',
      owner: { name: 'Finance', email: 'finance-analytics@example.com' },
      url: '../dashboards/customer_cohorts_dashboard.html',
    });
    expect(dependsOn('customer_cohorts_dashboard')).toEqual(['mart_customer_cohorts', 'mart_revenue_retention_ttm']);
  });

  it('lets the dashboards that show the churn and upsell scores read them through the model the score step computes them from', () => {
    expect(STEP_TABLES).toEqual({ mart_account_scores: 'mart_account_features' });
    expect(dependsOn('account_health_dashboard')).toContain('mart_account_features');
    expect(dependsOn('customer_360_view')).toContain('mart_account_features');
  });
});
