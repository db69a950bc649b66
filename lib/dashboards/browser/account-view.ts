/**
 * Customer 360 in the page: picks an account (URL hash, the search box or a shortlist chip) and
 * shows its exported profile, tiles, charts and latest deals. Values are the exported mart rows;
 * the tiles, charts and table use the same renderers and chart builders as the rest of the site.
 */
import type { EChartsOption } from 'echarts';
import { cartesianChart } from '../charts/cartesian-chart.ts';
import { MEANING_COLORS } from '../charts/chart-style.ts';
import { donutChart } from '../charts/donut-chart.ts';
import { resolveFormatters } from '../charts/formatter-markers.ts';
import { accountIdFromHash } from './account-hash.ts';
import type { AccountDirectory, KpiTile } from '../dashboard-model.ts';
import { formatValue, humanize } from '../format/value-format.ts';
import { html, type SafeHtml } from '../../docs/html/html.ts';
import { kpiTile } from '../page/kpi-tiles.ts';
import { tablePanel } from '../page/panels.ts';
import { sqlString } from '../../sql/literals.ts';
import { drawChart } from './chart-drawing.ts';
import { browserWindow, type PageElement } from './page-globals.ts';

type AccountRecord = Record<string, string | number | boolean | null>;

export function startAccountView(directory: AccountDirectory, onRendered: (renders: Promise<void>[]) => void): void {
  const accounts = new Map<string, AccountRecord>();
  for (const row of directory.rows) {
    const record = Object.fromEntries(directory.columns.map((column, index) => [column, row[index] ?? null]));
    accounts.set(String(record.account_id), record);
  }
  const { document, location } = browserWindow;
  const search = document.querySelector('#account-search');

  const show = (accountId: string | null): void => {
    const account = accountId === null ? undefined : accounts.get(accountId);
    if (!account) {
      renderMissing(accountId);
      onRendered([]);
      return;
    }
    if (search) search.value = '';
    for (const chip of Array.from(document.querySelectorAll('[data-account-link]'))) {
      chip.classList.toggle('chip-active', chip.dataset.accountLink === accountId);
    }
    onRendered(renderAccount(account, directory));
  };

  const fromHash = (): string | null => accountIdFromHash(location.hash) ?? directory.defaultAccountId;
  browserWindow.addEventListener('hashchange', () => show(fromHash()));
  search?.addEventListener('change', () => {
    const chosen = findAccount(search.value ?? '', accounts);
    if (chosen) location.hash = encodeURIComponent(chosen);
  });
  show(fromHash());
}

/** The picker's text → an account id: `Name (ID)` as the list offers it, a bare id, or a unique exact name. */
function findAccount(text: string, accounts: ReadonlyMap<string, AccountRecord>): string | undefined {
  const trimmed = text.trim();
  const fromOption = /\(([^()]+)\)$/.exec(trimmed)?.[1];
  if (fromOption && accounts.has(fromOption)) return fromOption;
  if (accounts.has(trimmed)) return trimmed;
  const byName = [...accounts.values()].filter((account) => String(account.account_name).toLowerCase() === trimmed.toLowerCase());
  return byName.length === 1 ? String(byName[0]?.account_id) : undefined;
}

function renderMissing(accountId: string | null): void {
  setHtml('[data-account-profile]', html`<p class="empty">${accountId === null ? 'There are no accounts in the warehouse yet.' : `No account ${accountId} in this export.`}</p>`);
  setHtml('[data-account-tiles]', html``);
  setHtml('[data-account-deals]', html``);
}

function renderAccount(account: AccountRecord, directory: AccountDirectory): Promise<void>[] {
  const id = String(account.account_id);
  setHtml('[data-account-profile]', html`${profile(account)}${scores(account, directory)}`);
  const tiles: KpiTile[] = directory.tiles.map((tile) => ({
    id: tile.id,
    label: tile.label,
    format: tile.format,
    description: tile.description,
    sql: tile.sql.replace('{account_id}', sqlString(id)),
    value: typeof account[tile.column] === 'boolean' ? String(account[tile.column]) : (account[tile.column] as number | string | null),
  }));
  setHtml('[data-account-tiles]', html`${tiles.map(kpiTile)}`);
  const deals = (directory.deals[id] ?? []).map((row) => Object.fromEntries(directory.dealColumns.map((column, index) => [column, row[index] ?? null])));
  setHtml(
    '[data-account-deals]',
    tablePanel({
      kind: 'table',
      id: 'account_deals',
      title: 'Latest deals',
      subtitle: "The account's newest deals with their engagement",
      width: 'full',
      emptyText: 'No deals with this account.',
      rows: deals.map((deal) => ({ ...deal, stage: humanize(String(deal.stage ?? '')) })),
      columns: [
        { key: 'deal_name', label: 'Deal', format: 'text' },
        { key: 'stage', label: 'Stage', format: 'text' },
        { key: 'amount', label: 'Amount', format: 'currency' },
        { key: 'activity_count', label: 'Activities', format: 'count' },
        { key: 'created_date', label: 'Created', format: 'date' },
        { key: 'closed_date', label: 'Closed', format: 'date' },
        { key: 'last_touch_date', label: 'Last touch', format: 'date' },
        { key: 'days_since_last_touch', label: 'Days since touch', format: 'count' },
      ],
    }),
  );
  return accountCharts(account).flatMap(([chartId, option]) => {
    const element: PageElement | null = browserWindow.document.querySelector(`[data-account-chart="${chartId}"]`);
    return element ? [drawChart(element, resolveFormatters(option) as EChartsOption)] : [];
  });
}

function accountCharts(account: AccountRecord): [string, EChartsOption][] {
  const number = (column: string): number | null => (account[column] === null ? null : Number(account[column]));
  return [
    [
      'account_activity_mix',
      cartesianChart({
        categories: ['Calls', 'Emails', 'Meetings', 'Notes', 'Tasks'],
        primaryAxis: { format: 'count' },
        legend: false,
        series: [{ name: 'Activities', type: 'bar', values: ['call_count', 'email_count', 'meeting_count', 'note_count', 'task_count'].map(number), format: 'count', labels: true, color: MEANING_COLORS.primary }],
      }),
    ],
    [
      'account_revenue_trend',
      cartesianChart({
        categories: ['Prior 90 days', 'Last 90 days'],
        primaryAxis: { format: 'currency_compact' },
        legend: false,
        series: [{ name: 'Revenue', type: 'bar', values: [number('revenue_previous_90_days'), number('revenue_last_90_days')], format: 'currency', labels: true, color: MEANING_COLORS.committed }],
      }),
    ],
    [
      'account_deal_outcomes',
      donutChart({
        seriesName: 'Deals',
        format: 'count',
        totalLabel: 'deals',
        slices: [
          { name: 'Open', value: number('open_deal_count') ?? 0, color: MEANING_COLORS.primary },
          { name: 'Won', value: number('won_deal_count') ?? 0, color: MEANING_COLORS.won },
          { name: 'Lost', value: number('lost_deal_count') ?? 0, color: MEANING_COLORS.lost },
        ],
      }),
    ],
  ];
}

function profile(account: AccountRecord): SafeHtml {
  const text = (column: string): string => (account[column] === null ? '' : String(account[column]));
  const place = [text('city'), text('country')].filter(Boolean).join(', ');
  const owner = [text('owner_team'), text('owner_region')].filter(Boolean).join(' · ');
  const facts: [string, string][] = [
    ['Industry', text('industry') ? humanize(text('industry')) : formatValue(null, 'text')],
    ['Segment', [text('account_category'), text('revenue_segment')].filter(Boolean).join(' · ') || formatValue(null, 'text')],
    ['Location', place || formatValue(null, 'text')],
    ['Owner', text('owner_name') ? `${text('owner_name')}${owner ? ` (${owner})` : ''}` : 'Unassigned'],
    ['Customer since', formatValue(account.customer_since_date, 'date')],
    ['Employees', formatValue(account.employee_count, 'count')],
    ['Annual revenue', formatValue(account.annual_revenue, 'currency_compact')],
    ['Contacts', `${formatValue(account.contact_count, 'count')} (${formatValue(account.decision_maker_count, 'count')} decision makers)`],
    ['Last order', formatValue(account.last_order_date, 'date')],
    ['Last touch', formatValue(account.last_touch_date, 'date')],
  ];
  const band = text('risk_band') || 'unknown';
  return html`<div class="profile-head">
  <div>
    <h2 data-account-name>${text('account_name') || text('account_id')}</h2>
    <p class="profile-id">${text('account_id')}${text('account_type') ? html` · ${humanize(text('account_type'))}` : ''}</p>
  </div>
  <div class="health">
    <span class="badge badge-${band}">${humanize(band)} risk</span>
    <span class="health-score" title="100 - risk score (mart_account_health)">Health <b>${formatValue(account.health_score, 'decimal')}</b> / 100</span>
  </div>
</div>
<dl class="profile-facts">
${facts.map(([label, value]) => html`  <div><dt>${label}</dt><dd>${value}</dd></div>\n`)}</dl>`;
}

/** The account's churn and upsell scores with their bands and top reasons, or why there are none. */
function scores(account: AccountRecord, directory: AccountDirectory): SafeHtml {
  if (directory.missingScores !== undefined) return html`<p class="empty account-scores" data-scores-missing>${directory.missingScores}</p>`;
  const score = (target: 'churn' | 'upsell', label: string): SafeHtml => {
    const band = account[`${target}_band`];
    const reasons = account[`${target}_reasons`];
    return html`<div class="account-score" data-score="${target}">
    <dt>${label}</dt>
    <dd><b data-score-value>${formatValue(account[`${target}_probability`], 'percent')}</b>${
      band === null || band === undefined ? '' : html` <span class="badge badge-score-${String(band)}" data-score-band>${humanize(String(band))}</span>`
    }${reasons === null || reasons === undefined ? '' : html`<span class="score-reasons">Top reasons: ${String(reasons)}</span>`}</dd>
  </div>`;
  };
  const recentRevenue = Number(account.revenue_last_90_days ?? 0) + Number(account.revenue_previous_90_days ?? 0);
  return html`<dl class="account-scores" aria-label="Model scores">
  ${score('churn', 'Churn probability')}
  ${score('upsell', 'Upsell probability')}
</dl>
${recentRevenue > 0 ? '' : html`<p class="score-reasons" data-score-caveat>No revenue in the last 180 days: the models learn from customers with some, so read these scores with care.</p>`}`;
}

function setHtml(selector: string, content: SafeHtml): void {
  const element = browserWindow.document.querySelector(selector);
  if (element) element.innerHTML = content.text;
}
