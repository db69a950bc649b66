/**
 * The tests of a model or source with their latest results from audit.check_results: status,
 * failing rows and the stored sample of failing rows; unit tests of a model likewise. Without a
 * warehouse every test reads "not run yet".
 */
import type { Row } from '../../engines/engine.ts';
import type { PlanTest, PlanUnitTest } from '../../plan/plan.ts';
import { breakable, html, type SafeHtml } from '../html/html.ts';
import type { LatestCheckResult } from '../run-history.ts';
import type { DocsContext } from '../site/docs-context.ts';
import { statusBadge } from './status-badge.ts';
import { warehouseNotice } from './warehouse-notice.ts';

const SAMPLE_ROWS_SHOWN = 10;

/** The id of a test's row, for links from the columns table. */
export function testAnchor(testName: string): string {
  return `test-${testName.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function latestResult(context: DocsContext, testId: string): LatestCheckResult | undefined {
  return context.warehouse.state === 'read' ? context.warehouse.history.checks.get(testId) : undefined;
}

export function testsSection(context: DocsContext, tests: readonly PlanTest[], unitTests: readonly PlanUnitTest[]): SafeHtml {
  const results = [...tests.map((test) => latestResult(context, test.id)), ...unitTests.map((test) => latestResult(context, test.id))];
  return html`<section class="panel" id="tests">
<h2>Tests <span class="count">${tests.length + unitTests.length}</span></h2>
${warehouseNotice(context.warehouse)}
${context.warehouse.state === 'read' && results.length > 0 ? resultSummary(results) : ''}
${tests.length === 0 ? html`<p class="muted">No data tests.</p>` : testsTable(context, tests)}
${unitTests.length === 0 ? '' : unitTestsTable(context, unitTests)}
</section>`;
}

function resultSummary(results: readonly (LatestCheckResult | undefined)[]): SafeHtml {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result?.status ?? 'not run yet', (counts.get(result?.status ?? 'not run yet') ?? 0) + 1);
  const order = ['pass', 'warn', 'fail', 'error', 'not run yet'];
  const entries = [...counts.entries()].sort(([left], [right]) => order.indexOf(left) - order.indexOf(right));
  return html`<p class="result-summary">Latest results: ${entries.map(
    ([status, count]) => html`<span class="tally">${statusBadge(status === 'not run yet' ? undefined : status)} ${count}</span>`,
  )}</p>`;
}

function testsTable(context: DocsContext, tests: readonly PlanTest[]): SafeHtml {
  return html`<div class="table-wrap"><table class="data-table tests-table">
<thead><tr><th>Test</th><th>Column</th><th>Severity</th><th>Latest result</th><th class="numeric">Failing rows</th><th>Checked at</th></tr></thead>
<tbody>${tests.map((test) => {
    const result = latestResult(context, test.id);
    return html`<tr id="${testAnchor(test.name)}">
<td><span class="test-name">${test.testName}</span>${test.kind === 'singular' ? html` <span class="tag">singular</span>` : ''}<div class="subtle mono">${breakable(test.name)}</div></td>
<td>${test.column === undefined ? html`<span class="muted">whole table</span>` : html`<code>${breakable(test.column)}</code>`}</td>
<td><span class="severity severity-${test.severity}">${test.severity}</span></td>
<td>${statusBadge(result?.status)}</td>
<td class="numeric">${result === undefined ? '' : result.failures.toLocaleString('en-US')}</td>
<td>${result === undefined ? '' : html`<time datetime="${result.checkedAt}">${readableTime(result.checkedAt)}</time>`}</td>
</tr>${sampleRow(result, 6)}`;
  })}</tbody>
</table></div>`;
}

function unitTestsTable(context: DocsContext, unitTests: readonly PlanUnitTest[]): SafeHtml {
  return html`<h3>Unit tests</h3>
<div class="table-wrap"><table class="data-table tests-table">
<thead><tr><th>Unit test</th><th>Description</th><th>Latest result</th><th class="numeric">Differing rows</th><th>Checked at</th></tr></thead>
<tbody>${unitTests.map((test) => {
    const result = latestResult(context, test.id);
    return html`<tr id="${testAnchor(test.name)}">
<td class="mono">${breakable(test.name)}</td>
<td>${test.description ?? ''}</td>
<td>${statusBadge(result?.status)}</td>
<td class="numeric">${result === undefined ? '' : result.failures.toLocaleString('en-US')}</td>
<td>${result === undefined ? '' : html`<time datetime="${result.checkedAt}">${readableTime(result.checkedAt)}</time>`}</td>
</tr>${sampleRow(result, 5)}`;
  })}</tbody>
</table></div>`;
}

/** The stored failing rows of a result, folded, on a full-width row under the test's row. */
function sampleRow(result: LatestCheckResult | undefined, columns: number): SafeHtml {
  if (result === undefined || result.sample.length === 0) return html``;
  return html`<tr class="sample-row"><td colspan="${columns}">${sampleDetails(result.sample)}</td></tr>`;
}

function sampleDetails(sample: readonly Row[]): SafeHtml {
  const columns = [...new Set(sample.flatMap((row) => Object.keys(row)))];
  const shown = sample.slice(0, SAMPLE_ROWS_SHOWN);
  return html`<details class="sample"><summary>Sample of the failing rows (${sample.length} stored)</summary>
<div class="table-wrap"><table class="data-table sample-table"><thead><tr>${columns.map((column) => html`<th>${column}</th>`)}</tr></thead>
<tbody>${shown.map((row) => html`<tr>${columns.map((column) => html`<td>${cellText(row[column])}</td>`)}</tr>`)}</tbody></table></div>
</details>`;
}

function cellText(value: Row[string] | undefined): SafeHtml {
  if (value === null || value === undefined) return html`<span class="null">null</span>`;
  return html`${String(value)}`;
}

/** `2026-11-25T22:55:01.123Z` or `2026-11-25 22:55:01` as `2026-11-25 22:55 UTC` (the audit tables hold UTC). */
export function readableTime(timestamp: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(timestamp);
  return match === null ? timestamp : `${match[1]} ${match[2]} UTC`;
}
