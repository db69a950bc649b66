import { describe, expect, it } from 'vitest';
import type { DashboardData } from '../../lib/dashboards/dashboard-model.ts';
import { dashboardPage } from '../../lib/dashboards/page/dashboard-page.ts';
import { html } from '../../lib/docs/html/html.ts';

const data: DashboardData = {
  exposure: 'account_health_dashboard',
  label: 'Account Health <Dashboard>',
  description: 'Risk & engagement',
  owner: { name: 'Customer Success', email: 'cs@example.com' },
  runDate: '2026-11-24',
  exportedAt: '2026-11-25T08:30:00.000Z',
  martsBuiltAt: null,
  marts: ['mart_account_health'],
  kpis: [
    {
      id: 'high_risk_accounts',
      label: 'High risk',
      format: 'count',
      description: 'Accounts with a risk score from 50 to 74.',
      sql: "select count(*) as value, 3 as detail from marts.mart_account_health where risk_band = 'high'",
      detail: { format: 'count', suffix: 'more at medium risk' },
      tone: 'risk',
      value: 86,
      detailValue: 478,
    },
  ],
  panels: [
    {
      kind: 'table',
      id: 'accounts_most_at_risk',
      title: 'Accounts most at risk',
      width: 'full',
      emptyText: 'None',
      rows: [{ account_id: 'ACC 1', account_name: 'Smith & <Sons>', days: null, risk_score: 69 }],
      columns: [
        { key: 'account_name', label: 'Account', format: 'text', link: { exposure: 'customer_360_view', idKey: 'account_id' } },
        { key: 'days', label: 'Days since touch', format: 'count', missingText: 'never' },
        { key: 'risk_score', label: 'Risk score', format: 'count' },
      ],
    },
  ],
};

describe('dashboardPage', () => {
  const page = dashboardPage(data, [{ exposure: 'account_health_dashboard', navLabel: 'Account health', label: data.label }]);

  it('renders a tile with its formatted value, the exact value and its SQL in the page', () => {
    expect(page).toContain('<article class="kpi kpi-risk" data-kpi="high_risk_accounts" data-value="86" data-format="count"');
    expect(page).toContain('<p class="kpi-value">86</p>');
    expect(page).toContain('data-detail-value="478" data-detail-format="count">478 more at medium risk</p>');
    expect(page).toContain('<dd data-kpi-sql="high_risk_accounts">');
    expect(page).toContain('where risk_band = &#39;high&#39;</code>');
  });

  it('escapes names from the data and links a row to the account it is about', () => {
    expect(page).toContain('<h1>Account Health &lt;Dashboard&gt;</h1>');
    expect(page).toContain('<a href="customer_360_view.html#ACC%201">Smith &amp; &lt;Sons&gt;</a>');
    expect(page).toContain('<td class="num">never</td>');
    expect(page).not.toContain('<Sons>');
  });

  it('names the run date, the export time and the way back to the docs site', () => {
    expect(page).toContain('<dd data-run-date="2026-11-24">24 Nov 2026</dd>');
    expect(page).toContain('25 Nov 2026, 08:30 UTC');
    expect(page).toContain('<a class="docs-link" href="../index.html">');
    expect(page).toContain('<a href="../exposures/account_health_dashboard.html">');
    expect(page).toContain('<a href="../models/mart_account_health.html">mart_account_health</a>');
    expect(page).toContain('<script src="data/account_health_dashboard.js" defer></script>');
  });

  it('escapes every interpolated value unless it is already HTML', () => {
    expect(html`<p title="${'"x"'}">${html`<b>${'<i>'}</b>`}</p>`.text).toBe('<p title="&quot;x&quot;"><b>&lt;i&gt;</b></p>');
  });
});
