/**
 * A source table's page: the landing contract (columns with their loaded types), the loader's
 * bookkeeping columns, its freshness settings with the latest `source freshness` result, the source
 * tests with their latest results, the models that read it and the model columns computed from each
 * of its columns.
 */
import type { LatestFreshness } from '../../freshness/latest-freshness.ts';
import { describeThreshold } from '../../freshness/freshness-status.ts';
import { qualified, type PlanSource } from '../../plan/plan.ts';
import { LOAD_COLUMNS as LANDING_LOAD_COLUMNS } from '../../landing/load-columns.ts';
import { html, type SafeHtml } from '../html/html.ts';
import type { DocsContext } from '../site/docs-context.ts';
import { childrenOf } from '../site/site-nodes.ts';
import { sourcePage } from '../site/site-paths.ts';
import { columnsTable } from './columns-table.ts';
import { focusedLineage } from './focused-lineage.ts';
import { nodeChips } from './node-links.ts';
import { pageShell } from './page-shell.ts';
import { statusBadge } from './status-badge.ts';
import { testsSection } from './tests-table.ts';

const LOAD_COLUMN_DESCRIPTIONS: Readonly<Record<string, string>> = {
  _ingest_date: 'Added by the loader: the ingest_date=YYYY-MM-DD folder the row was landed in.',
  _source_file: 'Added by the loader: the landed file the row was read from.',
  _loaded_at: 'Added by the loader: when the row was loaded (UTC).',
};

export function sourcePageHtml(context: DocsContext, source: PlanSource): SafeHtml {
  const page = sourcePage(source.sourceName, source.tableName);
  const tests = context.testsByNode.get(source.id) ?? [];
  const relation = qualified(source.relation);
  const latest = context.warehouse.state === 'read' ? context.warehouse.history.freshness?.get(source.id) : undefined;
  const loadColumns = LANDING_LOAD_COLUMNS.map((column) => ({ ...column, description: LOAD_COLUMN_DESCRIPTIONS[column.name] }));
  const body = html`<header class="page-header">
  <div class="eyebrow"><span class="layer-dot layer-sources" aria-hidden="true"></span>Source table</div>
  <h1>${source.sourceName}.${source.tableName}</h1>
  ${source.description === undefined ? html`<p class="muted">No description in sources.yml.</p>` : html`<p class="lead">${source.description.trim()}</p>`}
</header>
<dl class="facts">
  <div><dt>Relation</dt><dd><code>${relation}</code></dd></div>
  <div><dt>Landing</dt><dd><code>raw/${source.tableName}/ingest_date=YYYY-MM-DD/*.csv</code></dd></div>
  <div><dt>Contract columns</dt><dd>${source.columns.length}</dd></div>
</dl>
${freshnessSection(source, latest)}
<section class="panel" id="columns">
  <h2>Columns <span class="count">${source.columns.length + loadColumns.length}</span></h2>
  <p class="muted">The landing contract: each value is loaded as its type, and a value that does not parse goes to <code>audit.load_errors</code>.</p>
  ${columnsTable(context, { page, node: source.id, relation, declared: [...source.columns, ...loadColumns], tests })}
</section>
${testsSection(context, tests, [])}
<section class="panel" id="dependencies">
  <h2>Used by</h2>${nodeChips(page, childrenOf(context.nodes, source.id), 'No model reads it.')}
</section>
${focusedLineage(context, page, source.id)}`;
  return pageShell(context, { page, title: `${source.sourceName}.${source.tableName}`, current: source.id, sidebar: true, graph: true, body });
}

/** The freshness thresholds of sources.yml and the latest check's verdict, measured at the end of its run date. */
function freshnessSection(source: PlanSource, latest: LatestFreshness | undefined): SafeHtml {
  const { freshness } = source;
  if (freshness === undefined) {
    return html`<section class="panel" id="freshness">
  <h2>Freshness</h2>
  <p class="muted">Not checked: no <code>freshness</code> for this table in sources.yml.</p>
</section>`;
  }
  const thresholds = [
    freshness.warnAfter === undefined ? '' : `warn after ${describeThreshold(freshness.warnAfter) ?? ''}`,
    freshness.errorAfter === undefined ? '' : `error after ${describeThreshold(freshness.errorAfter) ?? ''}`,
  ].filter(Boolean);
  const result =
    latest === undefined
      ? html`<p class="muted">${statusBadge(undefined)} Run <code>crm-warehouse source freshness</code> to check it.</p>`
      : html`<dl class="facts">
  <div><dt>Latest check</dt><dd>${statusBadge(latest.status)}</dd></div>
  <div><dt>Newest ${latest.loadedAtField}</dt><dd>${latest.maxLoadedAt ?? 'no data'}</dd></div>
  <div><dt>Age</dt><dd>${latest.ageSeconds === null ? '—' : `${(latest.ageSeconds / 3600).toFixed(1)} h`}</dd></div>
  <div><dt>Measured at</dt><dd>${latest.snapshottedAt} (end of the run date)</dd></div>
  <div><dt>Run</dt><dd><code>${latest.runId}</code></dd></div>
</dl>
${latest.message === null ? html`` : html`<p class="muted">${latest.message}</p>`}`;
  return html`<section class="panel" id="freshness">
  <h2>Freshness</h2>
  <p>Newest <code>${freshness.loadedAtField}</code>: ${thresholds.join(', ')}.</p>
  ${result}
</section>`;
}
