/**
 * A model's page: what it is (description, grain, layer, materialization, tags, relation), how its
 * last build went, its columns with column-level lineage, its tests with their latest results,
 * what it depends on and what uses it, its lineage graph and its compiled SQL.
 */
import { qualified, type PlanModel } from '../../plan/plan.ts';
import { html, type SafeHtml } from '../html/html.ts';
import type { DocsContext } from '../site/docs-context.ts';
import { childrenOf, layerTitle } from '../site/site-nodes.ts';
import { modelPage } from '../site/site-paths.ts';
import { columnsTable } from './columns-table.ts';
import { focusedLineage } from './focused-lineage.ts';
import { nodeChips } from './node-links.ts';
import { pageShell } from './page-shell.ts';
import { highlightSql } from './sql-highlight.ts';
import { statusBadge } from './status-badge.ts';
import { readableTime, testsSection } from './tests-table.ts';

export function modelPageHtml(context: DocsContext, model: PlanModel): SafeHtml {
  const page = modelPage(model.name);
  const node = context.nodeById.get(model.id);
  const parents = (node?.parents ?? []).map((id) => context.nodeById.get(id)).filter((parent) => parent !== undefined);
  const children = childrenOf(context.nodes, model.id);
  const lineage = context.lineageByModel.get(model.id);
  const tests = context.testsByNode.get(model.id) ?? [];
  const relation = qualified(model.relation);

  const body = html`<header class="page-header">
  <div class="eyebrow"><span class="layer-dot layer-${model.layer}" aria-hidden="true"></span>${model.resourceType === 'seed' ? 'Seed (sql/seeds)' : `${layerTitle(model.layer)} model`}</div>
  <h1>${model.name}</h1>
  ${model.description === undefined ? html`<p class="muted">No description in schema.yml.</p>` : html`<p class="lead">${model.description.trim()}</p>`}
</header>
<dl class="facts">
  <div><dt>Grain</dt><dd>${model.grain ?? html`<span class="muted">not stated</span>`}</dd></div>
  <div><dt>Materialized</dt><dd><span class="tag">${model.config.materialized}</span>${model.config.uniqueKey === undefined ? '' : html` <span class="muted">unique key ${model.config.uniqueKey.join(', ')}</span>`}${incrementalConfig(model)}</dd></div>
  <div><dt>Relation</dt><dd><code>${relation}</code></dd></div>
  <div><dt>Tags</dt><dd>${model.config.tags.length === 0 ? html`<span class="muted">none</span>` : model.config.tags.map((tag) => html`<span class="tag">${tag}</span> `)}</dd></div>
  <div><dt>Source file</dt><dd><code>${model.path}</code></dd></div>
  <div><dt>Last build</dt><dd>${lastBuild(context, model.id)}</dd></div>
</dl>
<section class="panel" id="columns">
  <h2>Columns <span class="count">${lineage?.columns.length ?? model.columns.length}</span></h2>
  <p class="muted">Column-level lineage is read from the compiled SQL: <em>copy of</em> means the value is carried unchanged, <em>computed from</em> that an expression derives it. Click a column to follow it upstream.</p>
  ${lineageNote(lineage?.incomplete ?? [])}
  ${columnsTable(context, {
    page,
    node: model.id,
    relation,
    declared: model.columns,
    tests,
    derivations: lineage?.columns ?? [],
    lineageComplete: (lineage?.incomplete.length ?? 0) === 0,
  })}
</section>
${testsSection(context, tests, context.unitTestsByModel.get(model.id) ?? [])}
<section class="panel two-columns" id="dependencies">
  <div><h2>Depends on</h2>${nodeChips(page, parents, 'Nothing: it reads no model or source.')}</div>
  <div><h2>Used by</h2>${nodeChips(page, children, 'Nothing reads it yet.')}</div>
</section>
${focusedLineage(context, page, model.id)}
<section class="panel" id="sql">
  <h2>Compiled SQL <span class="muted small">(${context.plan.target})</span></h2>
  <pre class="sql"><code>${highlightSql(model.sql.trim())}</code></pre>
</section>${incrementSections(model)}`;
  return pageShell(context, { page, title: model.name, current: model.id, sidebar: true, graph: true, body });
}

/** dbt's defaults when unset: delete+insert, and fail on a schema change. */
function incrementalConfig(model: PlanModel): SafeHtml | string {
  if (model.config.materialized !== 'incremental') return '';
  return html` <span class="muted">strategy ${model.config.incrementalStrategy ?? 'delete+insert'}, on schema change ${model.config.onSchemaChange ?? 'fail'}</span>`;
}

/** What an incremental build runs instead of the full SELECT, and the post_hooks every build runs. */
function incrementSections(model: PlanModel): SafeHtml | string {
  const increment =
    model.incrementalSql === undefined
      ? ''
      : html`
<section class="panel" id="increment-sql">
  <h2>Increment SQL</h2>
  <p class="muted">An incremental build selects these rows and replaces the table's rows with the same unique key.</p>
  <pre class="sql"><code>${highlightSql(model.incrementalSql.trim())}</code></pre>
</section>`;
  const hooks =
    model.config.postHook === undefined
      ? ''
      : html`
<section class="panel" id="post-hooks">
  <h2>Post-hooks <span class="count">${model.config.postHook.length}</span></h2>
  <p class="muted">Run after the model's rows are built, before its tests and the swap.</p>
  ${model.config.postHook.map((hook) => html`<pre class="sql"><code>${highlightSql(hook.trim())}</code></pre>`)}
</section>`;
  return html`${increment}${hooks}`;
}

function lastBuild(context: DocsContext, modelId: string): SafeHtml {
  if (context.warehouse.state !== 'read') return html`<span class="muted">not run yet</span>`;
  const run = context.warehouse.history.modelRuns.get(modelId);
  if (run === undefined) return html`${statusBadge(undefined)}`;
  const rows = run.rows === null ? '' : `${run.rows.toLocaleString('en-US')} rows`;
  const seconds = run.seconds === null ? '' : `${run.seconds.toFixed(2)} s`;
  const when = run.completedAt === null ? '' : readableTime(run.completedAt);
  const details = [rows, seconds, when].filter((part) => part !== '').join(' · ');
  return html`${statusBadge(run.status)} <span class="muted">${details}</span>${run.message === null || run.status === 'success' ? '' : html`<div class="error-text">${run.message}</div>`}`;
}

function lineageNote(incomplete: readonly { readonly reference: string; readonly reason: string }[]): SafeHtml {
  if (incomplete.length === 0) return html``;
  return html`<div class="notice notice-warning"><strong>Lineage incomplete.</strong> The columns below are those the analysis could list; these parts of the SQL could not be traced:
<ul>${incomplete.map((entry) => html`<li><code>${entry.reference}</code> ${entry.reason}</li>`)}</ul></div>`;
}
