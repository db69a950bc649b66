/**
 * Customer 360's account view: the picker (search by name or id, plus shortlists of the largest
 * customers and the accounts most at risk) and the empty places the page script fills with the
 * chosen account's profile, tiles, charts and deals. The account shown is in the URL hash
 * (`customer_360_view.html#ACC-000123`), so a link from another dashboard opens it.
 */
import type { AccountDirectory } from '../dashboard-model.ts';
import { html, type SafeHtml } from '../../docs/html/html.ts';

export const ACCOUNT_CHARTS = [
  { id: 'account_activity_mix', title: 'Activity mix', subtitle: 'Activities logged against the account, all time' },
  { id: 'account_revenue_trend', title: 'Revenue trend', subtitle: 'Revenue of the 90 days before the last 90 vs the last 90 days' },
  { id: 'account_deal_outcomes', title: 'Deals', subtitle: 'Open, won and lost deals with the account' },
] as const;

export function accountSection(directory: AccountDirectory): SafeHtml {
  const idIndex = directory.columns.indexOf('account_id');
  const nameIndex = directory.columns.indexOf('account_name');
  const names = new Map(directory.rows.map((row) => [String(row[idIndex]), String(row[nameIndex] ?? row[idIndex])]));
  return html`<section class="account-view" aria-label="Account">
  <div class="account-picker">
    <label for="account-search">Find an account</label>
    <input id="account-search" type="search" list="account-options" placeholder="Type a name or an account id" autocomplete="off">
    <datalist id="account-options">
${directory.rows.map((row) => html`      <option value="${accountOptionText(String(row[nameIndex] ?? ''), String(row[idIndex]))}"></option>\n`)}    </datalist>
    <p class="account-count">${directory.rows.length.toLocaleString('en-US')} accounts</p>
  </div>
  <div class="shortlists">
${directory.shortlists.map(
  (list) => html`    <div class="shortlist"><span class="shortlist-label">${list.label}</span>${list.accountIds.map(
    (id) => html`<a class="chip" href="#${encodeURIComponent(id)}" data-account-link="${id}">${names.get(id) ?? id}</a>`,
  )}</div>\n`,
)}  </div>
  <div class="account-profile" data-account-profile aria-live="polite"></div>
  <section class="kpis account-kpis" data-account-tiles aria-label="Account figures"></section>
  <section class="panels">
${ACCOUNT_CHARTS.map(
  (chart) => html`    <article class="panel panel-third"><header class="panel-head"><h2>${chart.title}</h2><p>${chart.subtitle}</p></header><div class="chart" data-account-chart="${chart.id}" style="height:260px" role="img" aria-label="${chart.title}"></div></article>\n`,
)}    <div class="panel-slot" data-account-deals></div>
  </section>
</section>`;
}

/** The text of an account in the picker; the page script reads the id back from the parentheses. */
export function accountOptionText(name: string, id: string): string {
  return `${name} (${id})`;
}
