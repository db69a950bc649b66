/**
 * The columns of a model or source: name, type, description, the tests on the column with their
 * latest status, and the column-level lineage both ways: the upstream columns it is computed from
 * (models only; from the compiled SQL) and the model columns computed from it. Every lineage entry
 * links to the column's row on its own page.
 */
import type { PlanColumn, PlanTest } from '../../plan/plan.ts';
import type { ColumnDerivation, UpstreamColumn } from '../column-lineage/lineage-types.ts';
import { breakable, html, type SafeHtml } from '../html/html.ts';
import { columnKey, type DocsContext } from '../site/docs-context.ts';
import { columnAnchor, linkFrom } from '../site/site-paths.ts';
import { statusBadge } from './status-badge.ts';
import { latestResult, testAnchor } from './tests-table.ts';

export interface ColumnsTableOptions {
  readonly page: string;
  /** The model or source id. */
  readonly node: string;
  /** `schema.name`, to find the warehouse's column types. */
  readonly relation: string;
  readonly declared: readonly PlanColumn[];
  readonly tests: readonly PlanTest[];
  /** Models: what the SQL outputs, traced. Undefined for sources. */
  readonly derivations?: readonly ColumnDerivation[];
  /** Models: why the traced output may be incomplete (shown once above the table). */
  readonly lineageComplete?: boolean;
}

interface ColumnRow {
  readonly name: string;
  readonly declared?: PlanColumn;
  readonly derivation?: ColumnDerivation;
}

export function columnsTable(context: DocsContext, options: ColumnsTableOptions): SafeHtml {
  const rows = columnRows(options);
  const hasLineage = options.derivations !== undefined;
  return html`<div class="table-wrap"><table class="data-table columns-table">
<thead><tr><th>Column</th><th>Type</th><th>Description</th><th>Tests</th>${hasLineage ? html`<th>Computed from</th>` : ''}<th>Used by</th></tr></thead>
<tbody>${rows.map((row) => columnRow(context, options, row, hasLineage))}</tbody>
</table></div>`;
}

/** The SQL's output order when it is known (that is the table's order), then declared columns the SQL does not output. */
function columnRows(options: ColumnsTableOptions): ColumnRow[] {
  const declared = new Map(options.declared.map((column) => [column.name.toLowerCase(), column]));
  if (options.derivations === undefined || options.derivations.length === 0) {
    return options.declared.map((column) => ({ name: column.name, declared: column }));
  }
  const rows: ColumnRow[] = options.derivations.map((derivation) => ({
    name: derivation.column,
    declared: declared.get(derivation.column),
    derivation,
  }));
  const output = new Set(options.derivations.map((derivation) => derivation.column));
  for (const column of options.declared) if (!output.has(column.name.toLowerCase())) rows.push({ name: column.name, declared: column });
  return rows;
}

function columnRow(context: DocsContext, options: ColumnsTableOptions, row: ColumnRow, hasLineage: boolean): SafeHtml {
  const tests = options.tests.filter((test) => test.column?.toLowerCase() === row.name.toLowerCase());
  const downstream = context.downstreamColumns.get(columnKey(options.node, row.name)) ?? [];
  return html`<tr id="${columnAnchor(row.name)}">
<td><code class="column-name">${breakable(row.name)}</code>${row.declared === undefined ? html`<div><span class="tag tag-warning" title="In the SQL output but not in schema.yml">not documented</span></div>` : ''}</td>
<td>${columnType(context, options.relation, row)}</td>
<td>${row.declared?.description ?? ''}</td>
<td>${tests.length === 0 ? '' : html`<ul class="test-badges">${tests.map(
    (test) =>
      html`<li><a href="#${testAnchor(test.name)}" title="${test.name}">${test.testName}</a>${context.warehouse.state === 'read' ? html` ${statusBadge(latestResult(context, test.id)?.status)}` : ''}</li>`,
  )}</ul>`}</td>
${hasLineage ? html`<td>${upstreamCell(context, options, row)}</td>` : ''}
<td>${downstream.length === 0 ? html`<span class="muted">—</span>` : downstreamCell(context, options.page, downstream)}</td>
</tr>`;
}

function columnType(context: DocsContext, relation: string, row: ColumnRow): SafeHtml {
  if (row.declared?.dataType !== undefined) return html`<code class="type">${row.declared.dataType}</code>`;
  const warehouseType = context.warehouse.state === 'read' ? context.warehouse.history.columnTypes.get(relation.toLowerCase())?.get(row.name.toLowerCase()) : undefined;
  if (warehouseType === undefined) return html``;
  return html`<code class="type type-observed" title="Not declared in schema.yml; the type the warehouse reports">${warehouseType}</code>`;
}

function upstreamCell(context: DocsContext, options: ColumnsTableOptions, row: ColumnRow): SafeHtml {
  const derivation = row.derivation;
  if (derivation === undefined) {
    const why = options.lineageComplete === false ? 'not traced: the SQL output could not be fully listed (see above)' : 'not in the output of the compiled SQL';
    return html`<span class="unresolved">unresolved</span> <span class="muted">${why}</span>`;
  }
  const parts: SafeHtml[] = [];
  if (derivation.upstream.length > 0) {
    const label = derivation.kind === 'direct' ? 'copy of' : 'computed from';
    parts.push(html`<div class="lineage-kind lineage-${derivation.kind}">${label}</div>${columnLinks(context, options.page, derivation.upstream)}`);
  }
  for (const unresolved of derivation.unresolved) {
    parts.push(html`<div class="unresolved-entry"><span class="unresolved">unresolved</span> <code>${unresolved.reference}</code> <span class="muted">${unresolved.reason}</span></div>`);
  }
  if (parts.length === 0) parts.push(html`<span class="muted">no column: a constant or a row count</span>`);
  return html`${parts}`;
}

function columnLinks(context: DocsContext, page: string, columns: readonly UpstreamColumn[]): SafeHtml {
  return html`<ul class="column-links">${columns.map((column) => {
    const node = context.nodeById.get(column.node);
    const text = `${node?.label ?? column.node}.${column.column}`;
    if (node === undefined) return html`<li><code>${text}</code></li>`;
    return html`<li><a class="column-link layer-${node.layer}" href="${linkFrom(page, node.page, columnAnchor(column.column))}" data-node="${node.id}" data-column="${column.column}"><span class="layer-dot layer-${node.layer}" aria-hidden="true"></span><span>${breakable(text)}</span></a></li>`;
  })}</ul>`;
}

/** Models shown before the rest of a long "used by" list folds away. */
const DOWNSTREAM_MODELS_SHOWN = 3;

/** The model columns computed from this one, grouped by model: one line per model, its columns linked. */
function downstreamCell(context: DocsContext, page: string, columns: readonly UpstreamColumn[]): SafeHtml {
  const byModel = new Map<string, string[]>();
  for (const column of columns) byModel.set(column.node, [...(byModel.get(column.node) ?? []), column.column]);
  const lines = [...byModel.entries()].map(([id, names]) => {
    const node = context.nodeById.get(id);
    if (node === undefined) return html`<li><code>${id}</code></li>`;
    return html`<li><a class="column-link layer-${node.layer}" href="${linkFrom(page, node.page)}"><span class="layer-dot layer-${node.layer}" aria-hidden="true"></span><span>${breakable(node.label)}</span></a><span class="downstream-columns">${names.map(
      (name, index) => html`${index === 0 ? '' : ', '}<a href="${linkFrom(page, node.page, columnAnchor(name))}" data-node="${node.id}" data-column="${name}">${breakable(name)}</a>`,
    )}</span></li>`;
  });
  if (lines.length <= DOWNSTREAM_MODELS_SHOWN + 1) return html`<ul class="downstream">${lines}</ul>`;
  return html`<ul class="downstream">${lines.slice(0, DOWNSTREAM_MODELS_SHOWN)}</ul>
<details class="more"><summary>${lines.length - DOWNSTREAM_MODELS_SHOWN} more models</summary><ul class="downstream">${lines.slice(DOWNSTREAM_MODELS_SHOWN)}</ul></details>`;
}
